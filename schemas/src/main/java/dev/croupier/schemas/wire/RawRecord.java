package dev.croupier.schemas.wire;

/**
 * One Kafka record as it was read: topic, partition, offset, key and value bytes, and its Kafka
 * timestamp (negative when unknown). What a dead letter of that record copies (within bounds).
 */
public record RawRecord(
    String topic, int partition, long offset, byte[] key, byte[] value, long timestamp) {}
