/**
 * What the inbox can key a message by: a sender's GUID of at most 64 letters, digits and `_ . : -`. A
 * document whose GUID is not one cannot be answered on its own, so its whole message is refused, at the
 * GUID's own path, by whatever reads it.
 */
export const MESSAGE_GUID = /^[A-Za-z0-9_.:-]{1,64}$/;
