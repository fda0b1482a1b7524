package dev.multitask.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The {@link Namespace} contract; run over every backend by {@link ManagerContractTest}. */
abstract class NamespaceContract {
  /** The run of the backend under test. */
  abstract ContainerContract run();

  @Test
  void attributes_setInAJob_areSeenByTheParent() throws Exception {
    Namespace ns = run().manager().namespace();
    ns.set("name", "Bob");

    String seen =
        run()
            .ctx()
            .start(
                () -> {
                  ns.set("job", "Builder");
                  return ns.<String>get("name");
                })
            .result();

    assertEquals("Bob", seen);
    assertEquals("Builder", ns.get("job"));
    assertEquals(List.of("name", "job"), new ArrayList<>(ns.names()));
  }

  @Test
  void absentAttribute_throwsNoSuchElementOrGivesTheFallback() {
    Namespace ns = run().manager().namespace();
    NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> ns.get("missing"));
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
    assertEquals("fallback", ns.get("missing", "fallback"));
    assertFalse(ns.has("missing"));
    assertFalse(ns.remove("missing"));
    assertThrows(NullPointerException.class, () -> ns.set("x", null));
    assertThrows(IllegalArgumentException.class, () -> ns.set("", 1));
  }

  @Test
  void update_fromManyJobs_losesNoUpdate() throws Exception {
    Namespace ns = run().manager().namespace();
    int times = run().perJob(500);
    List<Job<Void>> jobs =
        run()
            .startTogether(
                3,
                () -> {
                  for (int i = 0; i < times; i++) {
                    ns.<Long>update("count", n -> n == null ? 1L : n + 1);
                  }
                });
    for (Job<Void> job : jobs) {
      job.result();
    }
    assertEquals(3L * times, ns.<Long>get("count"));
  }

  @Test
  void underscoreAttributes_stayWithThisObject() throws Exception {
    Namespace ns = run().manager().namespace();
    ns.set("name", "Bob");
    ns.set("_hidden", "hidden");

    assertEquals("hidden", ns.get("_hidden"));
    assertEquals("Namespace(name='Bob')", ns.toString());
    assertEquals(List.of("name"), new ArrayList<>(ns.names()));
    if (run().processes()) {
      assertFalse(
          run().ctx().start(() -> ns.has("_hidden")).result(), "not shared with another process");
    }
  }
}
