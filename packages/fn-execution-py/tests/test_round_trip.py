"""Round trips of the generated flink_fn_execution messages through the protobuf runtime.

Expected wire bytes are worked out by hand from the protobuf encoding rules (tag = field
number << 3 | wire type; length-delimited = 2, varint = 0), not taken from the code under test.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from google.protobuf.message import DecodeError

from flink_fn_execution import flink_fn_execution_pb2 as pb

CleanupStrategies = pb.StateDescriptor.StateTTLConfig.CleanupStrategies


def test_serializes_a_flat_message_to_the_wire_format() -> None:
    message = pb.JobParameter(key="a", value="bc")
    # field 1 (key), wire type 2: tag 0x0a, length 1, "a"; field 2 (value): tag 0x12, length 2.
    assert message.SerializeToString() == b"\x0a\x01a\x12\x02bc"
    assert pb.JobParameter.FromString(b"\x0a\x01a\x12\x02bc") == message


def test_enum_with_a_gap_in_its_numbering_round_trips() -> None:
    function = pb.UserDefinedDataStreamFunction(
        function_type=pb.UserDefinedDataStreamFunction.REVISE_OUTPUT
    )
    data = function.SerializeToString()
    # field 1 (function_type), varint: tag 0x08, then 100 as a one-byte varint (0x64).
    assert data == b"\x08\x64"
    assert pb.UserDefinedDataStreamFunction.FromString(data).function_type == 100


def test_nested_messages_four_levels_deep_round_trip() -> None:
    descriptor = pb.StateDescriptor(
        state_name="counts",
        state_ttl_config=pb.StateDescriptor.StateTTLConfig(
            update_type=pb.StateDescriptor.StateTTLConfig.OnReadAndWrite,
            ttl=60_000,
            cleanup_strategies=CleanupStrategies(
                is_cleanup_in_background=True,
                strategies=[
                    CleanupStrategies.MapStrategiesEntry(
                        strategy=CleanupStrategies.INCREMENTAL_CLEANUP,
                        incremental_cleanup_strategy=CleanupStrategies.IncrementalCleanupStrategy(
                            cleanup_size=10, run_cleanup_for_every_record=True
                        ),
                    ),
                ],
            ),
        ),
    )
    parsed = pb.StateDescriptor.FromString(descriptor.SerializeToString())
    assert parsed == descriptor
    entry = parsed.state_ttl_config.cleanup_strategies.strategies[0]
    assert entry.incremental_cleanup_strategy.cleanup_size == 10
    assert parsed.state_ttl_config.ttl == 60_000


def test_oneof_keeps_only_the_field_set_last() -> None:
    argument = pb.Input(inputOffset=3)
    assert argument.WhichOneof("input") == "inputOffset"
    argument.inputConstant = b"\x01"
    assert argument.WhichOneof("input") == "inputConstant"
    assert argument.inputOffset == 0
    parsed = pb.Input.FromString(argument.SerializeToString())
    assert parsed.WhichOneof("input") == "inputConstant"
    assert parsed.inputConstant == b"\x01"


def test_oneof_with_a_pascal_case_name_round_trips() -> None:
    entry = CleanupStrategies.MapStrategiesEntry(
        strategy=CleanupStrategies.FULL_STATE_SCAN_SNAPSHOT,
        empty_strategy=CleanupStrategies.EMPTY_STRATEGY,
    )
    parsed = CleanupStrategies.MapStrategiesEntry.FromString(entry.SerializeToString())
    assert parsed.WhichOneof("CleanupStrategy") == "empty_strategy"


def test_recursive_types_round_trip() -> None:
    inner = pb.UserDefinedFunction(payload=b"inner", inputs=[pb.Input(inputOffset=0)])
    outer = pb.UserDefinedFunction(
        payload=b"outer", inputs=[pb.Input(udf=inner), pb.Input(inputOffset=1)]
    )
    parsed = pb.UserDefinedFunction.FromString(outer.SerializeToString())
    assert parsed.inputs[0].udf.payload == b"inner"
    assert parsed.inputs[0].udf.inputs[0].WhichOneof("input") == "inputOffset"
    assert [arg.WhichOneof("input") for arg in parsed.inputs] == ["udf", "inputOffset"]


def test_repeated_fields_keep_their_order() -> None:
    functions = pb.UserDefinedFunctions(
        udfs=[pb.UserDefinedFunction(payload=bytes([n])) for n in range(5)],
        job_parameters=[pb.JobParameter(key=f"k{n}", value=str(n)) for n in range(3)],
        metric_enabled=True,
    )
    parsed = pb.UserDefinedFunctions.FromString(functions.SerializeToString())
    assert [udf.payload for udf in parsed.udfs] == [bytes([n]) for n in range(5)]
    pairs = [(p.key, p.value) for p in parsed.job_parameters]
    assert pairs == [("k0", "0"), ("k1", "1"), ("k2", "2")]
    assert parsed.metric_enabled


def test_map_types_are_described_by_messages_not_proto_maps() -> None:
    # Flink describes map columns with MapInfo (key and value types); the proto declares no
    # map<> fields, so no field's message type may be a synthetic map entry.
    map_column = pb.Schema.FieldType(
        type_name=pb.Schema.MAP,
        map_info=pb.Schema.MapInfo(
            key_type=pb.Schema.FieldType(type_name=pb.Schema.VARCHAR),
            value_type=pb.Schema.FieldType(type_name=pb.Schema.BIGINT, nullable=True),
        ),
    )
    parsed = pb.Schema.FieldType.FromString(map_column.SerializeToString())
    assert parsed.WhichOneof("type_info") == "map_info"
    assert parsed.map_info.value_type.nullable
    assert parsed.map_info.key_type.type_name == pb.Schema.VARCHAR

    # protobuf has no type information here (no stubs), so descriptors are Any.
    def message_types(descriptor: Any) -> Iterator[Any]:
        yield descriptor
        for nested in descriptor.nested_types:
            yield from message_types(nested)

    for top in pb.DESCRIPTOR.message_types_by_name.values():
        for message_type in message_types(top):
            for field in message_type.fields:
                if field.message_type is not None:
                    assert not field.message_type.GetOptions().map_entry, field.full_name


def test_schema_rows_nest_schemas() -> None:
    schema = pb.Schema(
        fields=[
            pb.Schema.Field(name="id", type=pb.Schema.FieldType(type_name=pb.Schema.INT)),
            pb.Schema.Field(
                name="address",
                type=pb.Schema.FieldType(
                    type_name=pb.Schema.ROW,
                    row_schema=pb.Schema(fields=[pb.Schema.Field(name="city")]),
                ),
            ),
        ]
    )
    parsed = pb.Schema.FromString(schema.SerializeToString())
    assert parsed == schema
    assert parsed.fields[1].type.row_schema.fields[0].name == "city"


def test_parsing_truncated_bytes_fails() -> None:
    data = pb.JobParameter(key="abc").SerializeToString()
    with pytest.raises(DecodeError):
        pb.JobParameter.FromString(data[:-1])


def test_unknown_fields_survive_a_round_trip() -> None:
    # field 15, varint 7 (tag 15 << 3 | 0 = 0x78): unknown to JobParameter, kept and re-emitted.
    data = b"\x0a\x01a\x78\x07"
    parsed = pb.JobParameter.FromString(data)
    assert parsed.key == "a"
    assert parsed.SerializeToString() == data
