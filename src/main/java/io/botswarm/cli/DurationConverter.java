package io.botswarm.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line as in the configuration: {@code 30s}, {@code 5m}, {@code 1h}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      Duration d =
          ConfigFactory.parseString("d = \"" + value.replace("\"", "") + "\"").getDuration("d");
      if (d.isNegative()) throw new TypeConversionException("'" + value + "' is negative");
      return d;
    } catch (ConfigException e) {
      throw new TypeConversionException("'" + value + "' is not a duration (try 30s, 5m or 1h)");
    }
  }
}
