#!/usr/bin/env python3
"""Per-device memory breakdown of a storm from a valgrind massif profile.

    valgrind --tool=massif --depth=40 --threshold=0.2 --massif-out-file=massif.out \\
        build-test/examples/lwm2m-bootstrap-storm -n 2000 -o /tmp/ms --no-progress --quiet
    examples/memory-breakdown.py [--sites K] massif.out 2000

Reads the peak snapshot's allocation tree and gives every heap byte to one component: the
first frame, from the allocation up through its callers, that names a component's class
(so a CoAP endpoint that a client creates counts as the endpoint, the client's own members
as client state, a DTLS association that an endpoint creates as DTLS). Prints bytes per device
for each component, and the unclassified rest; with --sites K, under each component its K
largest sites: the frame that named the component and, after "<-", the frame that called the
allocator.
The profile must come from a build with glibc's malloc (LWM2M_ALLOCATOR=system): massif
sees malloc, not another allocator's own pages.
"""
import re
import sys

# (component, pattern on one frame's function name), most specific first within a frame.
COMPONENTS = [
    ("DTLS (transports, associations, Mbed TLS contexts)", r"ns3::Dtls|mbedtls_"),
    ("CoAP endpoint (message layer, deduplication, exchanges)", r"ns3::CoapEndpoint"),
    ("object store (objects, instances, resources)",
     r"ns3::Lwm2m(ObjectStore|Resource|ObjectInstance|Value)\b"),
    ("bootstrap server (sessions, configuration)", r"ns3::Lwm2mBootstrap(Server|Config)"),
    ("LwM2M server (registrations)", r"ns3::Lwm2mServer\b"),
    ("statistics record and output", r"ns3::Lwm2mStatisticsCollector|OutputFile"),
    ("client state", r"ns3::Lwm2mClient\b"),
    ("network-provider trigger", r"ns3::Lwm2mNetworkProviderTrigger"),
    ("UDP socket", r"ns3::Udp(SocketImpl|L4Protocol|SocketFactory)|ns3::FleetHostSocket"
                   r"|ns3::FleetHostStack::CreateSocket"
                   r"|ns3::Socket::CreateSocket"),
    ("IP stack (IPv4/IPv6, interfaces, routing, ICMP)",
     r"ns3::(Ipv4|Ipv6|Icmpv4|Icmpv6|Arp|Ndisc|InternetStack|FleetInternetStack|FleetHostStack"
     r"|TrafficControl)"),
    ("net device and access channel", r"ns3::FleetAccess|ns3::FleetCellularAccess"),
    ("node", r"ns3::Node\b|ns3::NodeList"),
    ("packets in flight", r"ns3::(Packet|Buffer|ByteTagList|PacketTagList|PacketMetadata)\b"),
    ("events", r"ns3::(Scheduler|PriorityQueueScheduler|MapScheduler|EventImpl|DefaultSimulatorImpl)"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in COMPONENTS]
LINE = re.compile(r"^( *)n(\d+): (\d+) (.*)$")


def parse_peak(path):
    """The peak snapshot's tree as nested [bytes, text, children] lists."""
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    try:
        start = lines.index("heap_tree=peak")
    except ValueError:
        sys.exit("memory-breakdown.py: %s has no peak snapshot (is it a massif profile?)" % path)
    root = None
    stack = []
    for line in lines[start + 1:]:
        m = LINE.match(line)
        if not m:
            break
        depth, bytes_, text = len(m.group(1)), int(m.group(3)), m.group(4)
        node = [bytes_, text, []]
        del stack[depth:]
        if stack:
            stack[-1][2].append(node)
        else:
            root = node
        stack.append(node)
    if root is None:
        sys.exit("memory-breakdown.py: empty peak snapshot in %s" % path)
    return root


OTHER = "other (ns-3 core, attributes, strings, below massif's threshold)"
FRAME = re.compile(r"^0x[0-9A-Fa-f]+: (.*?)(?: \(in [^)]*\)| \([^()]*:\d+\))?$")


def function_of(text):
    """A massif frame's function, without its address and its file or library."""
    m = FRAME.match(text)
    name = m.group(1) if m else text
    return name if len(name) <= 90 else name[:87] + "..."


def classify(path_texts):
    """(component, the frame that named it) for a path from the allocation up."""
    for text in path_texts:
        for name, pattern in COMPILED:
            if pattern.search(text):
                return name, text
    return OTHER, None


def walk(node, path, totals, sites):
    children_bytes = sum(child[0] for child in node[2])
    own = node[0] - children_bytes
    here = path + [node[1]]
    if own > 0:
        name, frame = classify(here[1:])  # the root is the allocation functions' summary line
        totals[name] = totals.get(name, 0) + own
        if frame is not None and len(here) > 1:
            key = (name, function_of(frame), function_of(here[1]))
            sites[key] = sites.get(key, 0) + own
    for child in node[2]:
        walk(child, here, totals, sites)


def main():
    args = sys.argv[1:]
    k = 0
    if args[:1] == ["--sites"]:
        if len(args) < 2 or not args[1].isdigit() or int(args[1]) == 0:
            sys.exit("memory-breakdown.py: --sites needs a whole number of sites, 1 or more")
        k = int(args[1])
        args = args[2:]
    if len(args) != 2 or not args[1].isdigit() or int(args[1]) == 0:
        sys.exit("usage: memory-breakdown.py [--sites K] MASSIF_OUT DEVICES")
    root = parse_peak(args[0])
    devices = int(args[1])
    totals = {}
    sites = {}
    walk(root, [], totals, sites)
    total = sum(totals.values())
    print("peak heap %d bytes for %d devices: %.0f bytes per device" % (total, devices,
                                                                       total / devices))
    print("%-66s %12s %8s" % ("component", "bytes/device", "share"))
    for name, value in sorted(totals.items(), key=lambda kv: -kv[1]):
        print("%-66s %12.0f %7.1f%%" % (name, value / devices, 100.0 * value / total))
        mine = sorted(((v, f, a) for (n, f, a), v in sites.items() if n == name), reverse=True)
        for v, frame, alloc in mine[:k]:
            print("    %8.0f  %s" % (v / devices, frame))
            if alloc != frame:
                print("              <- %s" % alloc)


if __name__ == "__main__":
    main()
