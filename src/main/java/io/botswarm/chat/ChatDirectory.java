package io.botswarm.chat;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.RecipientRef;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;

/** Where a coordinator finds another chat's coordinator. */
@FunctionalInterface
public interface ChatDirectory {
  RecipientRef<ChatCoordinator.Command> chat(ActorSystem<?> system, String chatId);

  ChatDirectory SHARDED =
      (system, chatId) ->
          ClusterSharding.get(system).entityRefFor(ChatCoordinator.ENTITY_KEY, chatId);
}
