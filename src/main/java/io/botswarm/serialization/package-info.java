/**
 * How botswarm's messages, events and snapshots are serialized: the {@link
 * io.botswarm.serialization.JsonSerializable} marker bound to Akka's Jackson JSON serializer.
 *
 * <p>Depends on nothing of ours; every entity package depends on it.
 */
package io.botswarm.serialization;
