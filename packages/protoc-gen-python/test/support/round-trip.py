# Imports every generated *_pb2 module under a directory with the protobuf runtime this Python
# has (or reports it unimportable when it does not compile), and round-trips one message of every type: each singular scalar and enum field set,
# serialized, parsed back, compared. Prints one line per module; exits 1 on the first mismatch.
import importlib
import os
import sys

from google.protobuf import descriptor

root = sys.argv[1]
sys.path.insert(0, root)
SAMPLES = {
    descriptor.FieldDescriptor.CPPTYPE_INT32: -7,
    descriptor.FieldDescriptor.CPPTYPE_INT64: -(2 ** 40),
    descriptor.FieldDescriptor.CPPTYPE_UINT32: 7,
    descriptor.FieldDescriptor.CPPTYPE_UINT64: 2 ** 40,
    descriptor.FieldDescriptor.CPPTYPE_DOUBLE: 1.5,
    descriptor.FieldDescriptor.CPPTYPE_FLOAT: 0.5,
    descriptor.FieldDescriptor.CPPTYPE_BOOL: True,
}


def fill(message):
    for field in message.DESCRIPTOR.fields:
        # protobuf 7 dropped FieldDescriptor.label for is_repeated; older runtimes have only label.
        repeated = field.is_repeated if hasattr(field, "is_repeated") else field.label == descriptor.FieldDescriptor.LABEL_REPEATED
        if repeated or field.containing_oneof is not None:
            continue
        if field.cpp_type in SAMPLES:
            setattr(message, field.name, SAMPLES[field.cpp_type])
        elif field.cpp_type == descriptor.FieldDescriptor.CPPTYPE_STRING:
            value = b"\x00\xff" if field.type == descriptor.FieldDescriptor.TYPE_BYTES else u"x\u00e9"
            setattr(message, field.name, value)
        elif field.cpp_type == descriptor.FieldDescriptor.CPPTYPE_ENUM:
            setattr(message, field.name, field.enum_type.values[-1].number)


def messages(container):
    for m in container.message_types_by_name.values():
        yield m
        for nested in m.nested_types:
            if not nested.GetOptions().map_entry:
                yield nested


count = 0
for dirpath, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith("_pb2.py"):
            continue
        module_name = os.path.relpath(os.path.join(dirpath, name[:-3]), root).replace(os.sep, ".")
        try:
            module = importlib.import_module(module_name)
        except SyntaxError as error:
            # Releases before 3.8 write Python keywords as plain names (`pass = ...`): the real
            # tool's file does not compile either. Reported, counted, not a failure here.
            print("unimportable %s (%s)" % (module_name, error.msg))
            count += 1
            continue
        types = list(messages(module.DESCRIPTOR))
        for message_descriptor in types:
            cls = module
            for part in message_descriptor.full_name[len(module.DESCRIPTOR.package) + 1 if module.DESCRIPTOR.package else 0:].split("."):
                cls = getattr(cls, part)
            original = cls()
            fill(original)
            data = original.SerializeToString()
            parsed = cls.FromString(data)
            if parsed != original or parsed.SerializeToString() != data:
                print("MISMATCH %s %s" % (module_name, message_descriptor.full_name))
                sys.exit(1)
        count += 1
        print("ok %s (%d message types)" % (module_name, len(types)))
print("modules: %d" % count)
