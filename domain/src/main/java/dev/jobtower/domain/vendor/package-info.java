/**
 * What every vendor adapter needs and no vendor owns, written once and JDK-only: reading {@code Retry-After},
 * reading a vendor's timestamps leniently, the path of a configured base URL and a path segment's encoding.
 * Adapters use it; the rest of the domain does not (ArchUnit checks both).
 */
package dev.jobtower.domain.vendor;
