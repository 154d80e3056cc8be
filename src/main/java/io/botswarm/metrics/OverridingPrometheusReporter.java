package io.botswarm.metrics;

import kamon.module.MetricReporter;
import kamon.module.Module;
import kamon.module.ModuleFactory;
import kamon.prometheus.MetricOverrideReporter;
import kamon.prometheus.PrometheusReporter;

/**
 * Kamon's Prometheus reporter with {@code kamon.prometheus.metric-overrides} applied: Kamon 2.7's
 * own factory leaves them out. The overrides rename what {@code promtool check metrics} objects to
 * in Kamon's metrics (see {@code botswarm.conf}); {@code kamon.modules.prometheus-reporter.factory}
 * names this factory.
 */
public final class OverridingPrometheusReporter implements ModuleFactory {

  @Override
  public Module create(ModuleFactory.Settings settings) {
    var reporter = (MetricReporter) new PrometheusReporter.Factory().create(settings);
    return new MetricOverrideReporter(reporter, settings.config());
  }
}
