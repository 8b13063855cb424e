// Public API of @pyflink-devkit/protoc-gen-python.
export {};
