"""Probes a running gRPC server's health and reflection services with gRPC C-core for Python
(the venv of scripts/setup-grpcio.sh), as grpc_health_probe and grpcurl would:

    py=.build/grpcio-venv/bin/python
    $py scripts/grpc_probe.py HOST:PORT health [SERVICE]     # Check: prints the status; exit 1 unless SERVING
    $py scripts/grpc_probe.py HOST:PORT watch [SERVICE]      # Watch: prints each status until interrupted
    $py scripts/grpc_probe.py HOST:PORT list                 # reflection: the services
    $py scripts/grpc_probe.py HOST:PORT describe SYMBOL      # reflection: a service, method or message
"""

import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase


def describe(pool, symbol):
    for find in (pool.FindServiceByName, pool.FindMessageTypeByName, pool.FindEnumTypeByName, pool.FindMethodByName):
        try:
            d = find(symbol)
        except KeyError:
            continue
        if hasattr(d, "methods"):
            print(f"service {d.full_name} ({d.file.name})")
            for m in d.methods:
                cs = "stream " if m.client_streaming else ""
                ss = "stream " if m.server_streaming else ""
                print(f"  rpc {m.name}({cs}{m.input_type.full_name}) returns ({ss}{m.output_type.full_name})")
        elif hasattr(d, "fields"):
            print(f"message {d.full_name} ({d.file.name})")
            for f in d.fields:
                named = f.message_type or f.enum_type
                kind = named.full_name if named else descriptor_pb2.FieldDescriptorProto.Type.Name(f.type)[5:].lower()
                print(f"  {f.name} = {f.number}: {kind}")
        elif hasattr(d, "values"):
            print(f"enum {d.full_name}: " + ", ".join(f"{v.name} = {v.number}" for v in d.values))
        else:
            print(f"rpc {d.full_name}({d.input_type.full_name}) returns ({d.output_type.full_name})")
        return 0
    print(f"{symbol}: not found", file=sys.stderr)
    return 1


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    address, command, args = argv[0], argv[1], argv[2:]
    with grpc.insecure_channel(address) as channel:
        if command in ("health", "watch"):
            stub = health_pb2_grpc.HealthStub(channel)
            request = health_pb2.HealthCheckRequest(service=args[0] if args else "")
            name = health_pb2.HealthCheckResponse.ServingStatus.Name
            try:
                if command == "health":
                    status = stub.Check(request, timeout=5).status
                    print(name(status))
                    return 0 if status == health_pb2.HealthCheckResponse.SERVING else 1
                for response in stub.Watch(request):
                    print(name(response.status), flush=True)
            except grpc.RpcError as e:
                print(f"{e.code().name}: {e.details()}", file=sys.stderr)
                return 1
            return 0
        db = ProtoReflectionDescriptorDatabase(channel)
        if command == "list":
            for s in sorted(db.get_services()):
                print(s)
            return 0
        if command == "describe" and len(args) == 1:
            return describe(descriptor_pool.DescriptorPool(db), args[0])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
