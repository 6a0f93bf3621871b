"""Small helpers shared by the Croupier notebooks: where the services are, reading a topic
with Confluent's own Python client, and the Redis key layout.

Runs on Debian's /usr/bin/python3 with python3-confluent-kafka (1.7), python3-avro,
python3-redis and python3-pandas. Confluent's newer `confluent_kafka.schema_registry.avro`
needs fastavro, which Debian does not package; the legacy `confluent_kafka.avro` module
(CachedSchemaRegistryClient + MessageSerializer) reads the same Confluent wire format
with python3-avro.
"""

import json
import math
import os
import time
from pathlib import Path

import pandas as pd

SERVICES_ENV = "CROUPIER_SERVICES"
DEFAULT_SERVICES_FILE = Path(__file__).resolve().parent / "target" / "services.json"


def services():
    """The addresses of a running platform: the JSON file that
    `bin/croupier-local --services-file FILE` writes (FILE from $CROUPIER_SERVICES,
    else notebooks/target/services.json)."""
    path = Path(os.environ.get(SERVICES_ENV, DEFAULT_SERVICES_FILE))
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist. Start a platform that writes it and stays up, e.g.\n"
            f"  bin/croupier-local --services-file {path} --keep-services\n"
            f"or point ${SERVICES_ENV} at a JSON file with kafka.bootstrap-servers, "
            "registry.url, redis.host, redis.port and redis.key-prefix."
        )
    return json.loads(path.read_text())


def redis_client(svc):
    import redis

    return redis.Redis(
        host=svc["redis.host"], port=int(svc["redis.port"]), decode_responses=True,
        socket_timeout=10,
    )


def read_topic(svc, topic, keys=None, timeout_s=120):
    """Every committed record of `topic` (isolation.level=read_committed), decoded from the
    Confluent wire format with the writer schema fetched from the registry. With `keys`, only
    records whose key (a userId) is in it are decoded. Returns a list of dicts with the
    record's fields plus _key, _partition, _offset."""
    from confluent_kafka import Consumer, KafkaError, TopicPartition
    from confluent_kafka.avro import CachedSchemaRegistryClient
    from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

    decoder = MessageSerializer(CachedSchemaRegistryClient({"url": svc["registry.url"]}))
    consumer = Consumer({
        "bootstrap.servers": svc["kafka.bootstrap-servers"],
        "group.id": "croupier-notebook",  # never committed: offsets are assigned below
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
        "enable.partition.eof": True,
    })
    wanted = None if keys is None else {k.encode() for k in keys}
    out = []
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
        at_end = set()
        deadline = time.monotonic() + timeout_s
        # End of input = an end-of-partition event on every partition (it also steps over
        # transaction markers, which a comparison with the high watermark would not).
        while len(at_end) < len(partitions):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{topic}: no end of partitions after {timeout_s} s")
            for m in consumer.consume(num_messages=1000, timeout=1.0):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        at_end.add(m.partition())
                        continue
                    raise RuntimeError(m.error())
                at_end.discard(m.partition())
                if wanted is not None and m.key() not in wanted:
                    continue
                record = decoder.decode_message(m.value())
                record["_key"] = m.key().decode() if m.key() else None
                record["_partition"], record["_offset"] = m.partition(), m.offset()
                out.append(record)
    finally:
        consumer.close()
    return out


def board_keys(r, prefix):
    """Every leaderboard in Redis as a DataFrame: key, metric, scope, window, start."""
    rows = []
    for key in r.scan_iter(match=f"{prefix}lb:*", count=1000):
        # <prefix>lb:<metric>:<scope>:<window>:<windowStartIso>: a game scope holds a colon,
        # the ISO start two (HH:MM:SS), so split from both ends
        parts = key[len(prefix) + 3:].split(":")
        metric, scope, window = parts[0], ":".join(parts[1:-4]), parts[-4]
        rows.append((key, metric, scope, window, pd.Timestamp(":".join(parts[-3:]))))
    return pd.DataFrame(rows, columns=["key", "metric", "scope", "window", "start"])


def cents(score):
    """A board score in cents: the fraction below a cent is a tie-break, so floor, never
    round (docs/leaderboard.md)."""
    return math.floor(score * 100)


def major(minor_units):
    """Minor units as major units, for display and plots only (money stays integral)."""
    return minor_units / 100
