/**
 * The swarm definition file ({@code swarm.yaml}, or JSON of the same shape): its model as written
 * ({@link io.botswarm.definition.SwarmDefinition}) and with defaults applied ({@link
 * io.botswarm.definition.SwarmDefinition#resolved()}), {@link
 * io.botswarm.definition.DefinitionLoader}, which parses, checks the file against its JSON Schema
 * and the rules a schema cannot say, and reports every problem at once by file, line, column and
 * path, {@link io.botswarm.definition.DefinitionWriter}, which writes one back, and {@link
 * io.botswarm.definition.CharacterImport}, which turns persona files of other tools into a bot
 * entry.
 *
 * <p>Depends on nothing of ours: Jackson and the JSON Schema validator only, no Akka, so a file can
 * be checked offline; the admin and CLI packages map its entries onto the entities.
 */
package io.botswarm.definition;
