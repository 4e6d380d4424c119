package io.candlestream.model;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information of {@link FeedEvent}: serialized by the hand-written, versioned {@link FeedEventSerializer}. */
public final class FeedEventTypeInfo extends TypeInformation<FeedEvent> {

    public static final FeedEventTypeInfo INSTANCE = new FeedEventTypeInfo();

    private FeedEventTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<FeedEvent> getTypeClass() {
        return FeedEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FeedEvent> createSerializer(SerializerConfig config) {
        return new FeedEventSerializer();
    }

    @Override
    public String toString() {
        return "FeedEvent";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FeedEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return FeedEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof FeedEventTypeInfo;
    }
}
