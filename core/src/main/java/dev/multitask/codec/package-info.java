/**
 * Internal: values and exceptions to bytes and back for other JVMs. Common values take a tagged
 * fast path; the rest JDK serialization under a filter. Encoding happens in the caller, so an
 * unserializable value fails there, with the path to the offending field.
 */
package dev.multitask.codec;
