#!/usr/bin/python3
"""Cross-checks Croupier's wire format with Confluent's own Python client.

Run with Debian's system Python (/usr/bin/python3), which has the Debian packages
python3-confluent-kafka, python3-requests and python3-avro (see REQUIRED_APT_PACKAGES).

  confluent_crosscheck.py check
      Exit 0 when Confluent's Avro serdes can be imported, else print what is missing, exit 3.
  confluent_crosscheck.py decode --registry URL --in IN --out OUT
      IN: lines "topic<TAB>base64 value" written by Croupier. Each value is read with
      confluent_kafka.schema_registry.avro.AvroDeserializer (writer schema fetched by id from
      the registry) and written to OUT as one JSON object per line.
  confluent_crosscheck.py encode --registry URL --avsc-dir DIR --in IN --out OUT
      IN: JSON lines {"topic": ..., "avsc": "BetPlaced.avsc", "record": {...}}. Each record is
      written with AvroSerializer (auto-registering the .avsc under <topic>-value) and written
      to OUT as "topic<TAB>base64 value".

JSON values: timestamp-millis as epoch milliseconds, bytes as base64, enums as symbols.
"""

import argparse
import base64
import datetime
import io
import json
import sys
import types

REQUIRED_APT_PACKAGES = "python3-confluent-kafka python3-requests python3-avro"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def install_fastavro_shim():
    """Lets confluent_kafka.schema_registry.avro run on Apache Avro's Python library.

    Workaround: Confluent's client imports three functions from fastavro, which Debian 12
    does not package (and PyPI is out of reach). When fastavro is missing, a module named
    fastavro backed by python3-avro provides them. Everything Confluent-specific (wire header,
    registry requests, schema caching) is still Confluent's code; the Avro body is encoded by
    an Avro implementation independent of the Java one we are checking.
    """
    try:
        import fastavro  # noqa: F401
        return "fastavro"
    except ImportError:
        pass
    import avro.io
    import avro.schema

    class ParsedSchema(dict):
        """fastavro.parse_schema returns a dict; Confluent reads its 'name'."""

        def __init__(self, schema_dict):
            super().__init__(schema_dict)
            self.avro = avro.schema.parse(json.dumps(schema_dict))

    def parse_schema(schema_dict):
        return ParsedSchema(schema_dict)

    def schemaless_writer(fo, schema, record):
        avro.io.DatumWriter(schema.avro).write(record, avro.io.BinaryEncoder(fo))

    def schemaless_reader(fo, writer_schema, reader_schema=None, return_record_name=False):
        reader = (reader_schema or writer_schema).avro
        return avro.io.DatumReader(writer_schema.avro, reader).read(avro.io.BinaryDecoder(fo))

    shim = types.ModuleType("fastavro")
    shim.parse_schema = parse_schema
    shim.schemaless_writer = schemaless_writer
    shim.schemaless_reader = schemaless_reader
    sys.modules["fastavro"] = shim
    return "python3-avro (fastavro shim)"


def confluent():
    backend = install_fastavro_shim()
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    return types.SimpleNamespace(
        backend=backend,
        registry=SchemaRegistryClient,
        deserializer=AvroDeserializer,
        serializer=AvroSerializer,
        context=lambda topic: SerializationContext(topic, MessageField.VALUE),
    )


def to_json(value):
    """A decoded Avro value as JSON-friendly data."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        delta = value - EPOCH
        return delta.days * 86_400_000 + delta.seconds * 1_000 + delta.microseconds // 1_000
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def from_json(schema, value):
    """JSON-friendly data as the Python values Avro writers take, guided by the schema."""
    if isinstance(schema, list):  # a union: the branch that fits the value
        if value is None:
            return None
        branch = next(s for s in schema if s != "null" and s != {"type": "null"})
        return from_json(branch, value)
    if isinstance(schema, str):
        return base64.b64decode(value) if schema == "bytes" else value
    kind = schema["type"]
    if kind == "record":
        return {f["name"]: from_json(f["type"], value.get(f["name"])) for f in schema["fields"]}
    if kind == "array":
        return [from_json(schema["items"], v) for v in value]
    if kind == "map":
        return {k: from_json(schema["values"], v) for k, v in value.items()}
    if schema.get("logicalType") == "timestamp-millis":
        return EPOCH + datetime.timedelta(milliseconds=value)
    return from_json(kind, value) if isinstance(kind, (str, list)) else value


def decode(args, api):
    client = api.registry({"url": args.registry})
    deserializer = api.deserializer(client)
    with open(args.input) as lines, open(args.output, "w") as out:
        for line in lines:
            topic, encoded = line.rstrip("\n").split("\t")
            record = deserializer(base64.b64decode(encoded), api.context(topic))
            out.write(json.dumps({"topic": topic, "record": to_json(record)}) + "\n")


def encode(args, api):
    client = api.registry({"url": args.registry})
    contracts = {}  # avsc file -> (parsed schema, serializer)
    with open(args.input) as lines, open(args.output, "w") as out:
        for line in lines:
            item = json.loads(line)
            if item["avsc"] not in contracts:
                with open(f"{args.avsc_dir}/{item['avsc']}") as avsc:
                    schema_str = avsc.read()
                serializer = api.serializer(
                    client, schema_str, conf={"auto.register.schemas": True})
                contracts[item["avsc"]] = (json.loads(schema_str), serializer)
            schema, serializer = contracts[item["avsc"]]
            value = serializer(from_json(schema, item["record"]), api.context(item["topic"]))
            out.write(f"{item['topic']}\t{base64.b64encode(value).decode('ascii')}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["check", "decode", "encode"])
    parser.add_argument("--registry")
    parser.add_argument("--avsc-dir")
    parser.add_argument("--in", dest="input")
    parser.add_argument("--out", dest="output")
    args = parser.parse_args()
    try:
        api = confluent()
    except ImportError as e:
        print(f"missing: {e}; install the Debian packages {REQUIRED_APT_PACKAGES}", file=sys.stderr)
        return 3
    import confluent_kafka

    print(f"confluent-kafka {confluent_kafka.version()[0]}, Avro by {api.backend}", file=sys.stderr)
    if args.command == "decode":
        decode(args, api)
    elif args.command == "encode":
        encode(args, api)
    return 0


if __name__ == "__main__":
    sys.exit(main())
