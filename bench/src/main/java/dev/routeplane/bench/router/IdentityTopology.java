package dev.routeplane.bench.router;

import dev.routeplane.contract.RouteRequest;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The router benchmark's baseline: what any exactly-once Kafka Streams app pays to move a {@code RouteRequest}
 * from one topic to another with the registry serde: fetch, decompress, Avro-decode, Avro-encode, compress,
 * produce, commit the transaction. The router's extra cost over this is the routing itself.
 *
 * <pre>
 * input (String, RouteRequest) ──► identity-pass ──► identity-sink  output (String, RouteRequest)
 * </pre>
 */
final class IdentityTopology {
    static final String SOURCE = "identity-source";
    static final String PROCESSOR = "identity-pass";
    static final String SINK = "identity-sink";

    private IdentityTopology() {}

    static Topology build(String inputTopic, String outputTopic, Serde<RouteRequest> requests, FirstRecordMark mark) {
        Topology t = new Topology();
        t.addSource(SOURCE, new StringDeserializer(), requests.deserializer(), inputTopic);
        t.addProcessor(PROCESSOR, () -> new Pass(mark), SOURCE);
        t.addSink(SINK, outputTopic, new StringSerializer(), requests.serializer(), PROCESSOR);
        return t;
    }

    private static final class Pass implements Processor<String, RouteRequest, String, RouteRequest> {
        private final FirstRecordMark mark;
        private ProcessorContext<String, RouteRequest> context;

        Pass(FirstRecordMark mark) {
            this.mark = mark;
        }

        @Override
        public void init(ProcessorContext<String, RouteRequest> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, RouteRequest> record) {
            mark.mark();
            context.forward(record);
        }
    }
}
