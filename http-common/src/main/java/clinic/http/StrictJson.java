package clinic.http;

import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * How a request body is read: strictly, so what reaches Bean Validation is what the client meant. A field the
 * body's record does not have, a second document, a duplicate key, a value of another JSON type than the field's
 * ({@code "5"}, {@code 2.5} or {@code true} for a whole number, {@code 42} for text, {@code "true"} for a
 * boolean), a control character or half a surrogate pair in text, a time without its offset: each fails the read
 * with the path of the field ({@link ProblemMappers} names it). Text arrives stripped of surrounding whitespace,
 * times in UTC with whole seconds ({@link Times}).
 *
 * <p>A resource opts in with {@code @CustomDeserialization(StrictJson.class)} on its class; its bodies are then
 * records with constraints and {@code @Valid}. Responses and events keep the application's mapper: an event from
 * a newer service may carry fields this one does not know.
 */
public final class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    private static final Pattern CLOCK = Pattern.compile("\\d{2}:\\d{2}");

    /** Called once per resource method by Quarkus REST, which keeps the reader. */
    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        ObjectMapper strict = strict(mapper);
        return strict.readerFor(strict.constructType(type));
    }

    /** A copy of {@code mapper} (its modules and naming kept) that reads as described above. */
    public static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy();
        SimpleModule module = new SimpleModule("clinic-strict-requests");
        module.addDeserializer(String.class, new Text());
        module.addDeserializer(Integer.class, new WholeNumber());
        module.addDeserializer(Boolean.class, new TrueOrFalse());
        module.addDeserializer(Instant.class, new Time());
        module.addDeserializer(LocalDate.class, new Date());
        module.addDeserializer(LocalTime.class, new ClockTime());
        strict.registerModule(module);
        strict.registerModule(new AbsentAsNull().configureReadAbsentAsNull(true));
        strict.addHandler(new UnknownFields());
        strict.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        strict.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS);
        strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        strict.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail);
        return strict;
    }

    /**
     * Optional fields of a partial update: an absent field is null (leave it), {@code null} is empty (clear it),
     * a value is present. A module of its own id, since the application's mapper has Jackson's already.
     */
    private static final class AbsentAsNull extends Jdk8Module {

        @Override
        public Object getTypeId() {
            return "clinic-absent-optional-as-null";
        }
    }

    /**
     * Fields of an object that its record does not have: all of them, so one answer names every field a client
     * must drop (say {@code id} and {@code created_at} copied from a record it read), not the first alone.
     */
    public static final class UnknownFieldsException extends MismatchedInputException {

        private final List<String> names;

        UnknownFieldsException(JsonParser parser, Class<?> type, List<String> names) {
            super(parser, "Unknown fields " + names, type);
            this.names = List.copyOf(names);
        }

        public List<String> names() {
            return names;
        }
    }

    /** On the first unknown field of an object, reads on through that object's other names, then refuses it. */
    private static final class UnknownFields extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object bean, String name) throws IOException {
            Collection<Object> known = deserializer == null ? List.of() : deserializer.getKnownPropertyNames();
            List<String> unknown = new ArrayList<>(List.of(name));
            parser.skipChildren();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String next = parser.currentName();
                if (known == null || !known.contains(next)) {
                    unknown.add(next);
                }
                parser.nextToken();
                parser.skipChildren();
            }
            throw new UnknownFieldsException(parser, deserializer == null ? null : deserializer.handledType(),
                    unknown);
        }
    }

    /**
     * A value of a field that is not what the field holds; its message is the words after the field's name in
     * the answer ("must be a whole number").
     */
    public static final class BadValueException extends MismatchedInputException {

        BadValueException(JsonParser parser, Class<?> type, String message) {
            super(parser, message, type);
        }
    }

    private static BadValueException bad(JsonParser parser, Class<?> type, String message) {
        return new BadValueException(parser, type, message);
    }

    /** The JSON string the parser is at, or a refusal: any other value is not text. */
    private static String string(JsonParser parser) throws IOException {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
            throw bad(parser, String.class, "must be a string");
        }
        return parser.getText();
    }

    /**
     * {@code value} without its surrounding whitespace, once {@code problem} (what is wrong with it, or null) is
     * known to be none: checked before stripping, since strip() takes U+000B, U+000C and U+001C-U+001F off the
     * ends as whitespace and would accept a control character there by dropping it silently.
     */
    private static String stripped(JsonParser parser, String value, String problem) throws IOException {
        if (problem != null) {
            throw bad(parser, String.class, problem);
        }
        return value.strip();
    }

    /** A JSON string of storable text ({@link clinic.http.Text}), without its surrounding whitespace. */
    static final class Text extends StdScalarDeserializer<String> {

        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = string(parser);
            return stripped(parser, value, clinic.http.Text.problem(value));
        }
    }

    /**
     * A name of one line (a day of the week, a code): as {@link Text}, and no tab or line break either, since
     * stripping would otherwise take one off the ends unseen; put on the field with
     * {@code @JsonDeserialize(using = StrictJson.Name.class)}.
     */
    public static final class Name extends StdScalarDeserializer<String> {

        public Name() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = string(parser);
            return stripped(parser, value, clinic.http.Text.nameProblem(value));
        }
    }

    /**
     * A secret exactly as sent (a password): not stripped, since what the user typed is what the identity
     * provider compares; put on the field with {@code @JsonDeserialize(using = StrictJson.Verbatim.class)}.
     */
    public static final class Verbatim extends StdScalarDeserializer<String> {

        public Verbatim() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return string(parser);
        }
    }

    /** A JSON integer that fits an int: not "5", 2.5, 5.0, 1e1 or true. */
    static final class WholeNumber extends StdScalarDeserializer<Integer> {

        WholeNumber() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_NUMBER_INT)) {
                throw bad(parser, Integer.class, "must be a whole number");
            }
            if (parser.getNumberType() != JsonParser.NumberType.INT) {
                throw bad(parser, Integer.class, "is too large a number");
            }
            return parser.getIntValue();
        }
    }

    /** JSON true or false: not "true", 1 or "yes". */
    static final class TrueOrFalse extends StdScalarDeserializer<Boolean> {

        TrueOrFalse() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_TRUE) || parser.hasToken(JsonToken.VALUE_FALSE)) {
                return parser.getBooleanValue();
            }
            throw bad(parser, Boolean.class, "must be true or false");
        }
    }

    /** An ISO-8601 date-time string with its offset, as {@link Times#parse} reads it. */
    static final class Time extends StdScalarDeserializer<Instant> {

        Time() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                throw bad(parser, Instant.class, "must be an ISO-8601 string, e.g. " + Times.EXAMPLE);
            }
            try {
                return Times.parse(parser.getText(), "");
            } catch (ProblemException e) {
                throw bad(parser, Instant.class, e.toProblem().errors().get(0).message());
            }
        }
    }

    /** A calendar date string, as {@link Times#parseDate} reads it. */
    static final class Date extends StdScalarDeserializer<LocalDate> {

        Date() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                throw bad(parser, LocalDate.class, "must be a date like 1980-04-23");
            }
            try {
                return Times.parseDate(parser.getText(), "");
            } catch (ProblemException e) {
                throw bad(parser, LocalDate.class, e.toProblem().errors().get(0).message());
            }
        }
    }

    /** A local time of day written HH:mm. */
    static final class ClockTime extends StdScalarDeserializer<LocalTime> {

        ClockTime() {
            super(LocalTime.class);
        }

        @Override
        public LocalTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING) && CLOCK.matcher(parser.getText()).matches()) {
                try {
                    return LocalTime.parse(parser.getText());
                } catch (DateTimeParseException e) {
                    // answered below
                }
            }
            throw bad(parser, LocalTime.class, "must be a local time such as 09:00");
        }
    }
}
