"""A one-node ONNX model for the onnxruntime cases (tests/real/test_frameworks.py and
scripts/gpu_check.py): no onnx package needed."""
from pathlib import Path


def relu_model(path):
    """Writes a one-node ONNX model y = Relu(x), x and y float[3], protobuf encoded by hand
    (the sets have no onnx package); returns path."""
    def varint(n):
        out = bytearray()
        while True:
            byte, n = n & 0x7F, n >> 7
            out.append(byte | (0x80 if n else 0))
            if not n:
                return bytes(out)

    def field(number, value):  # an int as a varint (wire type 0), text/bytes length-delimited (2)
        if isinstance(value, int):
            return varint(number << 3) + varint(value)
        value = value.encode() if isinstance(value, str) else value
        return varint(number << 3 | 2) + varint(len(value)) + value

    def value_info(name):
        shape = field(2, field(1, field(1, 3)))            # TensorShapeProto{dim{dim_value: 3}}
        tensor = field(1, 1) + shape                        # TypeProto.Tensor{elem_type: FLOAT}
        return field(1, name) + field(2, field(1, tensor))  # ValueInfoProto{name, type}

    node = field(1, "x") + field(2, "y") + field(3, "relu") + field(4, "Relu")
    graph = field(1, node) + field(2, "g") + field(11, value_info("x")) + field(12, value_info("y"))
    opset = field(1, "") + field(2, 13)
    Path(path).write_bytes(field(1, 8) + field(7, graph) + field(8, opset))  # ir_version 8, opset 13
    return path
