package dev.ferry.engine.catalog;

/**
 * A sequence that belongs to no column (not a serial's or an identity's), used by defaults such as
 * {@code nextval('report_number_seq')}: {@code options} is the text after {@code CREATE SEQUENCE
 * name} ({@code AS bigint INCREMENT BY 5 …}); {@code lastValue} is null when it was never used.
 */
public record SequenceDefinition(
    String schema, String name, String options, Long lastValue, boolean isCalled) {}
