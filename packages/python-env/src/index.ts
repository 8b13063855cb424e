// Public API of @pyflink-devkit/python-env.
export {};
