package dev.cutover.worker.transform.geo;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which strings {@code geocode_ip} looks up: IP address literals only (never a DNS lookup: host names and padded or
 * malformed text are not addresses), and only addresses of the public internet. Private, loopback, link-local,
 * multicast and unique-local addresses are never in a GeoIP2 database; Wikimedia's own networks (its caching proxies
 * and Cloud VPS, the lists of the peer's {@code IpUtil}) are not geocoded, as in the peer.
 */
final class IpAddresses {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Wikimedia's networks: caching proxies, the internal 10/8, Cloud VPS (eqiad1, codfw1dev). */
    static final List<Network> WIKIMEDIA = List.of(
            Network.parse("91.198.174.0/24"), Network.parse("208.80.152.0/22"), Network.parse("2620:0:860::/46"),
            Network.parse("198.35.26.0/23"), Network.parse("185.15.56.0/24"), Network.parse("2a02:ec80::/32"),
            Network.parse("2001:df2:e500::/48"), Network.parse("103.102.166.0/24"), Network.parse("10.0.0.0/8"),
            Network.parse("172.16.0.0/17"), Network.parse("185.15.56.0/25"), Network.parse("2a02:ec80:a000::/56"),
            Network.parse("172.16.128.0/17"), Network.parse("185.15.57.0/29"), Network.parse("185.15.57.16/29"),
            Network.parse("2a02:ec80:a100::/56"));

    private IpAddresses() {
    }

    /**
     * The address {@code text} spells, if it is an IPv4 dotted quad or an IPv6 literal (an IPv4-mapped IPv6
     * address, {@code ::ffff:a.b.c.d}, is its IPv4 address).
     */
    static Optional<InetAddress> literal(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            // only literals reach this point: InetAddress parses them without any name lookup
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} is looked up: a public address outside Wikimedia's networks. */
    static boolean geocoded(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        if (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc) {
            return false; // unique local, fc00::/7
        }
        return WIKIMEDIA.stream().noneMatch(n -> n.contains(address));
    }

    /** An address block in CIDR notation. */
    record Network(byte[] prefix, int bits) {

        static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            InetAddress base = literal(cidr.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("not a network: " + cidr));
            return new Network(base.getAddress(), Integer.parseInt(cidr.substring(slash + 1)));
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
