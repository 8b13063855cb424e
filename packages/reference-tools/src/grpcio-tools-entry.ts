/** One row of the grpcio-tools matrix. */
export interface GrpcioToolsEntry {
  /** The grpcio-tools release on PyPI. */
  readonly grpcioTools: string;
  /** What its `python -m grpc_tools.protoc --version` prints after "libprotoc ". */
  readonly libprotoc: string;
  /** The protobuf Python release that libprotoc generates for (see protobuf-release.ts). */
  readonly protobufPython: string;
  /** The newest Python (X.Y) with a grpcio-tools wheel for this release that installs here. */
  readonly python: string;
}
