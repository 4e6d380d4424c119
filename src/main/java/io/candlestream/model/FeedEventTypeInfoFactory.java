package io.candlestream.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink to use {@link FeedEventTypeInfo} for {@link FeedEvent}, so it never falls back to Kryo. */
public final class FeedEventTypeInfoFactory extends TypeInfoFactory<FeedEvent> {

    @Override
    public TypeInformation<FeedEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return FeedEventTypeInfo.INSTANCE;
    }
}
