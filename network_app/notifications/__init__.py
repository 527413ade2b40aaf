"""E-mail through an outbox: messages written in the change's transaction, sent by send-mail."""
