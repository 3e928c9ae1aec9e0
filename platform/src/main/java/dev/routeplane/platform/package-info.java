/**
 * The embedded default platform: a real Apache Kafka broker in KRaft mode ({@link
 * dev.routeplane.platform.EmbeddedKafkaBroker}) and a schema registry speaking Confluent's REST subset
 * ({@link dev.routeplane.platform.SchemaRegistryServer}), started together by {@link
 * dev.routeplane.platform.EmbeddedPlatform}. Everything else in Routeplane talks to them through ordinary
 * Kafka clients and HTTP, so the same code runs against a production cluster and registry.
 */
package dev.routeplane.platform;
