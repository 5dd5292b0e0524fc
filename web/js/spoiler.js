// Playing a conversation through, the record's later lines stay hidden until the student has
// typed theirs: `reached` ({document, turn}, or null in free play) is the last line they may
// see. Nothing here keeps state; the role-play passes in the point reached.

/** The last line of `docId` the student may see (null: no limit). */
export function limitFor(reached, docId) {
  return reached && reached.document === docId ? reached.turn : null;
}

/** A match in the conversation being played, past the point the student has reached. */
export function pastReached(reached, match) {
  const limit = limitFor(reached, match.prompt && match.prompt.document);
  if (limit === null) return false;
  const turns = [match.prompt.turn, ...((match.reply && match.reply.turns) || []).map((t) => t.index)];
  return turns.some((t) => t > limit);
}
