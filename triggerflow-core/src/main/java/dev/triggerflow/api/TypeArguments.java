package dev.triggerflow.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/** Reads the type arguments a class gives to a generic interface such as {@code Task<I, O>}. */
final class TypeArguments {
  private TypeArguments() {}

  static Type[] resolve(Class<?> type, Class<?> generic) {
    Type[] found = find(type, generic, new HashMap<>());
    if (found == null) {
      throw new IllegalArgumentException(
          type.getName()
              + " does not implement "
              + generic.getSimpleName()
              + " with concrete type arguments; declare it as a class that implements "
              + generic.getSimpleName()
              + "<Input, Output>, or give the types explicitly");
    }
    for (Type t : found) {
      if (t instanceof TypeVariable<?>) {
        throw new IllegalArgumentException(
            type.getName()
                + " leaves a type argument of "
                + generic.getSimpleName()
                + " open ("
                + t
                + "); give the types explicitly");
      }
    }
    return found;
  }

  private static Type[] find(Type type, Class<?> generic, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    if (type instanceof ParameterizedType p) {
      raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] vars = raw.getTypeParameters();
      Type[] actual = p.getActualTypeArguments();
      for (int i = 0; i < vars.length; i++) {
        bindings.put(vars[i], substitute(actual[i], bindings));
      }
    } else if (type instanceof Class<?> c) {
      raw = c;
    } else {
      return null;
    }
    if (raw.equals(generic)) {
      TypeVariable<?>[] vars = raw.getTypeParameters();
      Type[] result = new Type[vars.length];
      for (int i = 0; i < vars.length; i++) {
        result[i] = bindings.getOrDefault(vars[i], vars[i]);
      }
      return result;
    }
    for (Type iface : raw.getGenericInterfaces()) {
      Type[] r = find(iface, generic, new HashMap<>(bindings));
      if (r != null) {
        return r;
      }
    }
    Type superclass = raw.getGenericSuperclass();
    return superclass == null ? null : find(superclass, generic, new HashMap<>(bindings));
  }

  private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
    return t instanceof TypeVariable<?> v ? bindings.getOrDefault(v, v) : t;
  }
}
