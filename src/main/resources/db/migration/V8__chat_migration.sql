-- A basic group upgraded to a supergroup (issue #15): the old id's row gets status 'migrated', the
-- supergroup's row names the group it continues, so that the read API's history of the supergroup
-- goes on into the group's messages (which keep their chat id: Telegram numbers a supergroup's
-- messages afresh, and the two numberings overlap).
ALTER TABLE chats ADD COLUMN continued_from VARCHAR(32);
