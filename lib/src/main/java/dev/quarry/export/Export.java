package dev.quarry.export;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static field or a static no-argument method of type {@link BatchExportBinding} for {@link
 * ExportRegistry#registerAnnotated(Class)}.
 *
 * <pre>{@code
 * final class TradeExports {
 *   @Export(key = "trades.csv", raw = Trade.class)
 *   static final BatchExportBinding<Trade, Table, byte[]> CSV = ...;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Export {
  /**
   * The key's name.
   *
   * @return the name
   */
  String key();

  /**
   * The raw item type: the binding's first type argument.
   *
   * @return the class
   */
  Class<?> raw();
}
