package dev.cutover.controller.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.RouteTable;

import java.io.IOException;

/** The JSON of record values: the protocol's one mapping ({@link ProtocolJson}). */
final class KafkaJson {

    private KafkaJson() {
    }

    static byte[] write(Object value) {
        return ProtocolJson.writeBytes(value);
    }

    /**
     * A routes-topic value: the stream's state plus what its route table adds (the plan's databases and the holds),
     * so a worker reading it ({@link RouteTable}, {@code RoutesTopicReader}) routes exactly as the controller's API
     * does. The controller reads the value back as a stream state (unknown fields are ignored).
     */
    static byte[] writeRoute(StreamRecord record) {
        ObjectNode value = ProtocolJson.MAPPER.valueToTree(record.state());
        value.set("databases", ProtocolJson.MAPPER.valueToTree(record.table().databases()));
        value.set("holds", ProtocolJson.MAPPER.valueToTree(record.table().holds()));
        return write(value);
    }

    static <T> T read(byte[] bytes, Class<T> type) throws IOException {
        return ProtocolJson.MAPPER.readValue(bytes, type);
    }
}
