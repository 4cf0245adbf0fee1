"""The phone round ("Belronde"): a fair queue, claims that expire, one-click outcomes.

One module per job:

- `queue.py`: the caller's queue and its size (the one count Start and Belronde show);
- `claims.py`: one claim per call card (`Claim`, a random token the card holds);
- `call_card.py`: the call card, everything a caller sees of the person they claimed;
- `outcomes.py`: saving an outcome under the card's claim, and taking it back (undo);
- `numbers.py`: the number check (who has a number a caller can dial);
- `assignment.py`: sharing the round among callers, the "geen nummer" list and moving it
  to the letter channel;
- `attempts.py`: owner of the table `call_attempts` (one row per outcome).

The queue is computed in SQL on clear columns only, so a queue of 20,000 invitees costs
one indexed query and only the person a caller claims is decrypted. A claim is taken in
one `BEGIN IMMEDIATE` transaction, so two callers never hold the same person; each
outcome is its own `call_attempts` row and counters are raised with `attempts + 1` in
SQL. The phone round's columns of `invitations` (queue, claims, number checks, outcomes,
shares) are that table's: their SQL lives with its owner, `ceremony.invitations.phone_round`,
and the modules here call it.

Queue rules (documented for coordinators):
- offered: invitees of the ceremony not reached by phone, without an answer, not present,
  not "niet contacteren", whose call-back moment (if any) is due, whose number was not
  reported wrong since the person's record last changed, and who have a number to dial;
- without a usable number (none, or one that does not parse) a person leaves the queue for
  the "geen nummer" list (they get a letter). The check decrypts each invitee once per
  version of their record, in memory (`numbers.sort_out_numbers`), and is audited with counts;
- a caller gets the invitees assigned to them first, then unassigned ones; invitees
  assigned to another caller are never offered to them;
- order: due call-backs first (earliest first), then fewest attempts, then most recent
  certificate.
"""
