package dev.cutover.worker.transform.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal writer of MaxMind DB files (format 2.0, as MaxMind documents it), for tests: an IPv6 search tree with
 * 24-bit records, IPv4 networks in {@code ::/96}, a data section of maps, arrays, strings, doubles, unsigned
 * integers and booleans (no pointers, no deduplication), and the metadata. Enough for MaxMind's reader to look
 * addresses up in a database the test describes, without shipping a binary fixture.
 */
public final class MmdbWriter {

    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n',
            'd', '.', 'c', 'o', 'm'};

    private final String databaseType;
    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    /** Maps the network {@code cidr} ({@code 81.2.69.160/27}, {@code 2001:218::/32}) to {@code record}. */
    public MmdbWriter insert(String cidr, Map<String, ?> record) {
        int slash = cidr.indexOf('/');
        byte[] address;
        try {
            address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        if (address.length == 4) {
            byte[] mapped = new byte[16];
            System.arraycopy(address, 0, mapped, 12, 4);
            address = mapped;
            bits += 96;
        }
        Data leaf = new Data(data.size());
        data.writeBytes(encode(record));
        Node node = root;
        for (int i = 0; i < bits; i++) {
            int bit = (address[i / 8] >> (7 - i % 8)) & 1;
            if (i == bits - 1) {
                node.set(bit, leaf);
            } else if (node.get(bit) instanceof Node next) {
                node = next;
            } else if (node.get(bit) == null) {
                Node next = new Node();
                node.set(bit, next);
                node = next;
            } else {
                throw new IllegalArgumentException(cidr + " is inside a network inserted before");
            }
        }
        return this;
    }

    public Path write(Path file) {
        List<Node> nodes = new ArrayList<>();
        Map<Node, Integer> numbers = new IdentityHashMap<>();
        number(root, nodes, numbers);
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node n : nodes) {
            for (int bit = 0; bit < 2; bit++) {
                Object child = n.get(bit);
                long record = child instanceof Node c ? numbers.get(c)
                        : child instanceof Data d ? count + 16L + d.offset() : count;
                out.write((int) (record >> 16) & 0xFF);
                out.write((int) (record >> 8) & 0xFF);
                out.write((int) record & 0xFF);
            }
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        out.writeBytes(encode(Map.of("binary_format_major_version", 2, "binary_format_minor_version", 0,
                "build_epoch", BigInteger.valueOf(1_767_225_600L), "database_type", databaseType,
                "description", Map.of("en", "Cutover test database"), "ip_version", 6, "languages", List.of("en"),
                "node_count", (long) count, "record_size", 24)));
        try {
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void number(Node node, List<Node> nodes, Map<Node, Integer> numbers) {
        numbers.put(node, nodes.size());
        nodes.add(node);
        for (int bit = 0; bit < 2; bit++) {
            if (node.get(bit) instanceof Node child) {
                number(child, nodes, numbers);
            }
        }
    }

    /** Encodes a value: Map, List, String, Double, Integer (uint16), Long (uint32), BigInteger (uint64), Boolean. */
    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof Map<?, ?> map) {
            out.writeBytes(control(7, map.size()));
            map.forEach((k, v) -> {
                out.writeBytes(encode(k.toString()));
                out.writeBytes(encode(v));
            });
        } else if (value instanceof List<?> list) {
            out.writeBytes(control(11, list.size()));
            list.forEach(v -> out.writeBytes(encode(v)));
        } else if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(control(2, bytes.length));
            out.writeBytes(bytes);
        } else if (value instanceof Double d) {
            out.writeBytes(control(3, 8));
            out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
        } else if (value instanceof Integer i) {
            out.writeBytes(unsigned(5, BigInteger.valueOf(i)));
        } else if (value instanceof Long l) {
            out.writeBytes(unsigned(6, BigInteger.valueOf(l)));
        } else if (value instanceof BigInteger b) {
            out.writeBytes(unsigned(9, b));
        } else if (value instanceof Boolean b) {
            out.writeBytes(control(14, b ? 1 : 0));
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
        return out.toByteArray();
    }

    private static byte[] unsigned(int type, BigInteger value) {
        byte[] raw = value.toByteArray();
        int skip = 0;
        while (skip < raw.length && raw[skip] == 0) {
            skip++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(control(type, raw.length - skip));
        out.write(raw, skip, raw.length - skip);
        return out.toByteArray();
    }

    /** The control byte(s) of a field: type (extended types take a second byte) and payload size. */
    private static byte[] control(int type, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sizeBits = size < 29 ? size : size < 285 ? 29 : size < 65_821 ? 30 : 31;
        out.write(((type <= 7 ? type : 0) << 5) | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        if (sizeBits == 29) {
            out.write(size - 29);
        } else if (sizeBits == 30) {
            out.write((size - 285) >> 8);
            out.write((size - 285) & 0xFF);
        } else if (sizeBits == 31) {
            out.write((size - 65_821) >> 16);
            out.write(((size - 65_821) >> 8) & 0xFF);
            out.write((size - 65_821) & 0xFF);
        }
        return out.toByteArray();
    }

    private record Data(int offset) {
    }

    private static final class Node {
        private final Object[] children = new Object[2];

        Object get(int bit) {
            return children[bit];
        }

        void set(int bit, Object child) {
            children[bit] = child;
        }
    }
}
