package io.zapsocket.server.internal.sio;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only class that touches {@code jakarta.validation} (an optional dependency): {@link TypedPayloads} loads it
 * only after checking that the API is present. Thread-safe (a {@link Validator} is).
 */
final class BeanValidation {
    private final Validator validator;

    private BeanValidation(Validator validator) {
        this.validator = validator;
    }

    /** @throws jakarta.validation.ValidationException when no provider can be found or built */
    static BeanValidation create() {
        ValidatorFactory factory = Validation.buildDefaultValidatorFactory();
        return new BeanValidation(factory.getValidator());
    }

    /** The constraint violations of {@code payload} as field errors, sorted by path; empty when it is valid. */
    List<Map<String, Object>> violations(Object payload) {
        Set<ConstraintViolation<Object>> set = validator.validate(payload);
        if (set.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> fields = new ArrayList<>(set.size());
        for (ConstraintViolation<Object> v : set) {
            String constraint = v.getConstraintDescriptor() == null
                    ? null : v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
            fields.add(InvalidPayloadException.field(String.valueOf(v.getPropertyPath()), v.getMessage(), constraint));
        }
        fields.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("path"))
                .thenComparing(m -> String.valueOf(m.get("constraint"))));
        return fields;
    }
}
