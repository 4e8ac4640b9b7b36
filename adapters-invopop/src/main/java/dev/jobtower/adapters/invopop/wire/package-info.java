/**
 * Invopop Transform API wire format (spec {@code transform_v1.yaml}, version 1.0.1), as public records so the
 * adapter and a simulator of Invopop can share them. Reading is lenient: missing keys and {@code null} alike,
 * unknown fields ignored, and the fields the vendor's own examples fill with placeholders ({@code "size": "12345"},
 * {@code "index": "integer"}, {@code "completed": "boolean"}, {@code "meta": "object"}) are coerced or dropped
 * instead of failing the whole job. Timestamps stay strings here: they are parsed, leniently, by the mapper.
 */
package dev.jobtower.adapters.invopop.wire;
