/**
 * Finch's wire format (API version 2020-09-17) as plain records: what the adapter reads and sends, and
 * what a Finch simulator can answer with. Fields keep Finch's snake_case names in JSON; timestamps stay
 * strings so an unparseable one never fails a whole read.
 */
package dev.jobtower.adapters.finch.wire;
