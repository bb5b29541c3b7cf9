"""Drives grpc-mini's health-reflection-demo over HTTP/2 with gRPC C-core clients (PyPI grpcio,
grpcio-health-checking, grpcio-reflection): health Check and Watch, a status change, graceful
shutdown, and reflection down to a dynamic call of a method the client has no .proto for.

    python health_reflection.py PATH/TO/health-reflection-demo

Exits 0 when every check passed; prints one line per check.
"""

import queue
import signal
import subprocess
import sys
import threading
import time

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

TIMEOUT = 10  # seconds, for every call and every wait
Status = health_pb2.HealthCheckResponse.ServingStatus
passed = 0


def ok(what):
    global passed
    passed += 1
    print(f"ok: {what}", flush=True)


def expect(condition, what):
    if not condition:
        raise AssertionError(what)
    ok(what)


class Demo:
    """The server process: its output lines arrive on a queue; commands go to its stdin."""

    def __init__(self, path, drain_ms):
        self.proc = subprocess.Popen(
            [path, "--listen", "127.0.0.1:0", "--drain-ms", str(drain_ms)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lines = queue.Queue()
        self.output = []  # every line the server printed, shown when a check fails
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for("listening on ")
        self.port = int(line.rsplit(":", 1)[1])

    def _read(self):
        for line in self.proc.stdout:
            self.output.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, prefix):
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"the server printed no line starting {prefix!r} in {TIMEOUT} s")
            if line is None:
                raise AssertionError(f"the server ended before printing {prefix!r}")
            if line.startswith(prefix):
                return line

    def command(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        self.wait_for("ok " + text)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def check(stub, service):
    return stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=TIMEOUT).status


def health_checks(channel, demo):
    stub = health_pb2_grpc.HealthStub(channel)
    expect(check(stub, "") == Status.SERVING, "Check('') is SERVING")
    expect(check(stub, "grpc.testing.TestService") == Status.SERVING, "Check(grpc.testing.TestService) is SERVING")
    try:
        check(stub, "no.such.Service")
        raise AssertionError("Check of an unknown service succeeded")
    except grpc.RpcError as e:
        expect(e.code() == grpc.StatusCode.NOT_FOUND, f"Check(no.such.Service) fails NOT_FOUND (got {e.code()})")

    watch = stub.Watch(health_pb2.HealthCheckRequest(service="grpc.testing.TestService"), timeout=3 * TIMEOUT)
    expect(next(watch).status == Status.SERVING, "Watch(TestService) starts SERVING")
    demo.command("set NOT_SERVING grpc.testing.TestService")
    expect(next(watch).status == Status.NOT_SERVING, "Watch(TestService) sees NOT_SERVING after a status change")
    expect(check(stub, "grpc.testing.TestService") == Status.NOT_SERVING, "Check(TestService) is NOT_SERVING then")
    demo.command("set SERVING grpc.testing.TestService")
    expect(next(watch).status == Status.SERVING, "Watch(TestService) sees SERVING again")
    watch.cancel()

    later = stub.Watch(health_pb2.HealthCheckRequest(service="later.Service"), timeout=3 * TIMEOUT)
    expect(next(later).status == Status.SERVICE_UNKNOWN, "Watch(later.Service) starts SERVICE_UNKNOWN")
    demo.command("set SERVING later.Service")
    expect(next(later).status == Status.SERVING, "Watch(later.Service) sees SERVING once it is set")
    later.cancel()


def reflection_checks(channel):
    db = ProtoReflectionDescriptorDatabase(channel)
    services = sorted(db.get_services())
    expect(services == ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                        "grpc.reflection.v1alpha.ServerReflection", "grpc.testing.TestService"],
           f"reflection lists the services: {services}")

    # A pool that starts empty: every descriptor comes from the server's answers.
    pool = descriptor_pool.DescriptorPool(db)
    service = pool.FindServiceByName("grpc.testing.TestService")
    method = service.FindMethodByName("UnaryCall")
    expect(method.input_type.full_name == "grpc.testing.SimpleRequest", "the pool describes TestService.UnaryCall")
    request_class = message_factory.GetMessageClass(method.input_type)
    response_class = message_factory.GetMessageClass(method.output_type)
    request = request_class(response_size=314)
    request.payload.body = b"from a dynamic message"
    call = channel.unary_unary(f"/{service.full_name}/{method.name}",
                               request_serializer=request_class.SerializeToString,
                               response_deserializer=response_class.FromString)
    response = call(request, timeout=TIMEOUT)
    expect(len(response.payload.body) == 314, "a dynamic UnaryCall built from reflection answers with 314 bytes")

    empty = service.FindMethodByName("EmptyCall")
    empty_class = message_factory.GetMessageClass(empty.input_type)
    answer = channel.unary_unary(f"/{service.full_name}/EmptyCall",
                                 request_serializer=empty_class.SerializeToString,
                                 response_deserializer=message_factory.GetMessageClass(empty.output_type).FromString)(
        empty_class(), timeout=TIMEOUT)
    expect(answer.DESCRIPTOR.full_name == "grpc.testing.Empty", "a dynamic EmptyCall succeeds")

    # v1 has the same messages as v1alpha, so v1alpha's classes speak it.
    v1 = channel.stream_stream("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
                               request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
                               response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)
    answers = list(v1(iter([
        reflection_pb2.ServerReflectionRequest(list_services=""),
        reflection_pb2.ServerReflectionRequest(file_by_filename="grpc/health/v1/health.proto"),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="no.such.Symbol"),
    ]), timeout=TIMEOUT))
    expect(len(answers) == 3, "v1 answers each request on one stream")
    expect([s.name for s in answers[0].list_services_response.service] == services, "v1 lists the same services")
    names = [descriptor_pb2.FileDescriptorProto.FromString(b).name
             for b in answers[1].file_descriptor_response.file_descriptor_proto]
    expect(names == ["grpc/health/v1/health.proto"], "v1 answers file_by_filename")
    expect(answers[2].error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0],
           "v1 answers an unknown symbol with NOT_FOUND")


def shutdown_checks(channel, demo):
    stub = health_pb2_grpc.HealthStub(channel)
    whole = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=3 * TIMEOUT)
    one = stub.Watch(health_pb2.HealthCheckRequest(service="grpc.testing.TestService"), timeout=3 * TIMEOUT)
    expect(next(whole).status == Status.SERVING and next(one).status == Status.SERVING, "both watches start SERVING")
    demo.proc.send_signal(signal.SIGTERM)
    expect(next(whole).status == Status.NOT_SERVING, "after SIGTERM, Watch('') sees NOT_SERVING")
    expect(next(one).status == Status.NOT_SERVING, "after SIGTERM, Watch(TestService) sees NOT_SERVING")
    expect(check(stub, "") == Status.NOT_SERVING, "while draining, Check('') is NOT_SERVING")
    try:
        extra = next(whole)
        raise AssertionError(f"the watch went on after NOT_SERVING: {extra}")
    except grpc.RpcError as e:
        expect(e.code() == grpc.StatusCode.UNAVAILABLE,
               f"the watch ends when the server stops ({e.code()})")
    expect(demo.proc.wait(timeout=TIMEOUT) == 0, "the server exits 0 after draining")


def main():
    demo = Demo(sys.argv[1], drain_ms=3000)  # time for the checks between SIGTERM and the stop
    try:
        with grpc.insecure_channel(f"127.0.0.1:{demo.port}") as channel:
            health_checks(channel, demo)
            reflection_checks(channel)
            shutdown_checks(channel, demo)
    except Exception as e:
        print(f"FAILED: {type(e).__name__}: {e}", flush=True)
        demo.kill()
        print("the server printed:\n  " + "\n  ".join(demo.output), flush=True)
        print(f"grpcio checks: {passed} passed, 1 failed", flush=True)
        return 1
    finally:
        demo.kill()
    print(f"grpcio checks: {passed} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
