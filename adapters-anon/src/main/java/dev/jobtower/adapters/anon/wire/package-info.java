/**
 * anon's v2 wire format as Java records, read leniently (missing keys and {@code null} alike, unknown
 * fields ignored, timestamps and status words kept as the strings anon sent). Public so that a
 * simulator of anon can write the same shapes.
 */
package dev.jobtower.adapters.anon.wire;
