package dev.atrium.portal.api.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies are read strictly: unknown fields, duplicate fields, a number with a fraction where
 * an integer belongs, text where a number or a boolean belongs and the reverse, and text with the NUL
 * character (which PostgreSQL cannot store) are refused, each naming its field, instead of being
 * guessed at.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

  static final String NUL_MESSAGE = "must not contain the NUL character";

  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictRequests() {
    return builder ->
        builder
            .featuresToEnable(
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .modulesToInstall(new SimpleModule("atrium-text").addDeserializer(String.class, new TextWithoutNul())
                .addKeyDeserializer(String.class, new KeyWithoutNul()))
            .postConfigurer(
                mapper -> {
                  mapper.coercionConfigFor(LogicalType.Textual)
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                  for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
                    mapper.coercionConfigFor(number)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                  }
                  mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                  mapper.coercionConfigFor(LogicalType.Boolean)
                      .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                });
  }

  /** Text as Jackson reads it, refusing the NUL character. */
  static final class TextWithoutNul extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = super.deserialize(p, ctxt);
      if (text != null && text.indexOf('\u0000') >= 0) {
        return (String) ctxt.handleWeirdStringValue(String.class, text, NUL_MESSAGE);
      }
      return text;
    }
  }

  /** Map keys (e.g. env names), refusing the NUL character. */
  static final class KeyWithoutNul extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
      if (key.indexOf('\u0000') >= 0) {
        return ctxt.handleWeirdKey(String.class, key, NUL_MESSAGE);
      }
      return key;
    }
  }
}
