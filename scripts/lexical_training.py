"""Training data and fit of the lexical model (voicecoach/coach/lexical.py); used by train_scorer.py --lexical.

Every labelled set is one group (the own and dev sets together, fresh set 1 split by reviewer, each later
fresh set: every reviewer wrote their own). A row is a labelled reply: the four-way features and the verdict
the judge reached without the lexical model (scorer.judged_before_lexical), and the reply's word sequences
(lexical.grams; not those of a trailing check the rules found). AnnoMI's counsellor turns (typed and recogniser-style, read in place from
../shared/data/annomi, never shipped) are rows whose only label is "not defensive": their loss is
-log P(not defensive), so counselling language is not learnt as a defence and nothing else is claimed about
them. A word sequence is in the vocabulary when it appears in at least ``MIN_SETS`` labelled sets; after the
fit only the ``KEEP`` sequences whose weights differ most between verdicts are kept.

Chosen on 2026-12-04 with two blocks held out that no rule was read off (sets 67-74, and 53-66 less the
studied 55, 58, 60, 61), fitted on every other set (1-74), the rounds' sentences and AnnoMI; agreement, and
defensive judged accurate / missed judged defensive / accurate judged defensive (d->a, m->d, a->d):

| held out | the judge before it | most probable verdict | least expected cost (shipped) |
|---|---|---|---|
| 67-74 (880 pairs) | 0.850 (12/14/11) | 0.934 (8/8/4) | 0.928 (6/5/2) |
| 53-66 (1,100 pairs) | 0.849 (26/10/14) | 0.920 (24/9/10) | 0.913 (16/7/9) |

(``train_scorer.py --lexical --hold-out 67 68 69 70 71 72 73 74`` prints the first row again.) Without
AnnoMI's rows the model called 52 % of AnnoMI's reflections and 31 % of ESConv's (never trained on)
defensive; with them (weight 0.3) 0.7 % of AnnoMI's out of fold (five transcript folds) and 5 % of ESConv's,
at the same agreement on the held-out blocks. Without the rounds' sentences: 0.939 / 0.926 (most probable
verdict), but textbook defences of the method ("…and I felt hurt when you forgot mine") judged accurate.
Also measured: L2 0.3/1/3 (alike); sequences in three sets or more (16,000; 0.940) against six (7,100;
0.942); keeping 2,000 / 4,000 / 8,000 sequences (0.938 / 0.941 / 0.942); the own set three times (0.933
against 0.939); cost 1.5 / 2 for the costly mistakes (0.934 / 0.933 on 67-74, errors 19 / 17); guards that
kept the rules' word: "defensive" only where the rules found an act (0.919 on 67-74: the defences the rules
never see stay missed), a defence named by the phrase lists or in a reply that gives nothing back stands
(0.932 / 0.927: the model was right more often than the lists), never "accurate" over the rules'
"defensive" (0.928).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import first_runs as FR
import loso_scorer as LS
import numpy as np
import scorer_training as T

from voicecoach.coach import learned, lexical, scorer

LABELS = list(learned.FOUR_WAY_LABELS)
NOT_DEFENSIVE = "not_defensive"
L2 = 3.0
MIN_SETS = 12  # (6 until stop 27; see HELD_OUT's table)
KEEP = 5000  # (4,000 until stop 32's reply ends)
ITERATIONS = 400
LEARNING_RATE = 0.05
ROUND_WEIGHT = 24.0  # the rounds' textbook sentences, 24 times (3 until stop 30, 6 until 31; see HELD_OUT's table)
OWN_WEIGHT = 24.0  # the own labelled set, 24 times (once until stop 27, 3 until 30, 6 until 31; see HELD_OUT)
ANNOMI_WEIGHT = 0.3


@dataclass
class Row:
    group: str
    statement: str
    reflection: str
    label: str  # a verdict, or NOT_DEFENSIVE
    judged: str  # the judge's verdict without the lexical model
    x: list[float]
    weight: float
    leave_out: int = 0  # the reply's last words that are its trailing check (not read: lexical.grams)


# Sets written after the shipped model was fitted, scored once on it and kept out of its training, so that
# the shipped weights reproduce (fold them in, and list the next sets here, when the model is refitted).
# Stop 27 fitted on sets 1-82 and kept 83-110 out; refits with 83-94 and 83-102 folded in were measured and
# not shipped (the method's own check, "you felt ignored when i cancelled dinner did i get that right", came
# out "partial": reviewers' defences begin "i get that…" and "did you not…", and those words weighed against
# the check). Stop 28 (2026-12-05) folded 83-110 in, chosen leaving one block of seven sets out at a time
# (83-89, 90-96, 97-103, 104-110; 3,080 pairs, fitted on every other set), agreement and d->a/m->d/a->d:
#
# | the fit                                                           | 83-110 by blocks      |
# |-------------------------------------------------------------------|-----------------------|
# | the shipped fit of stop 27 (sets 1-82, never trained on 83-110)    | 0.919 (35/20/14)      |
# | sequences in 6 sets or more, as before                            | 0.925 (22/17/11)      |
# | in 12 sets or more (fewer topic words: "cancelled" weighed partial)| 0.929 (22/16/9)       |
# | in 20 sets or more                                                | 0.929 (23/16/10)      |
# | 12 sets, L2 10 (two blocks: 0.910 / 0.930)                        | lower, not finished   |
# | 12 sets, the trailing check left out of the sequences             | 0.931 (18/14/9)       |
# | the same, the rounds' sentences three times                       | 0.930 (21/14/9)       |
# | the same, the own set three times too (shipped)                   | 0.929 (20/14/9)       |
#
# The shipped row gives up a quarter of a point on the blocks (eight pairs of 3,080) for the textbook: with
# the rounds' sentences once, "Did you not think to just get a taxi?" came out missed and "You felt alone, and
# you visit her every day, and I was not there." partial (stop 27's fit misread "Do you want a medal for
# ironing?" and a reflection followed by "You should put it in your calendar."; this one reads all four as
# the method does); with the own set once, the own set's [case] section fell from 98.4 % (stop 27) to 96.3 %
# (short justifications such as "we needed a car you know that" judged missed), under the 97 %; three
# times: 98.9 %. Keeping the rules' verdict where it costs at most 0.1 more than the model's choice changed
# nothing (0.925 either way, second row). Sets 111-126 (1,760 pairs, written before this fit, never read or
# trained on), each fit scored once on them: stop 27's 0.936 (11/13/10); the rows above 0.943 (9/8/6, six
# sets), 0.944 (10/7/6, twelve), 0.944 (10/6/6, check left out), 0.943 (10/7/6), shipped 0.944 (10/7/6).
# Sets 127-134 (880 pairs), written after the shipped fit was fixed and scored once: 0.943 (3/6/2) against
# stop 27's 0.935 (6/6/3).
#
# Stop 29 tried "tail words" (what the reply's last part does after a first one: its opening word and two
# words, split at sentences and at "and"/"but", and how many new words it brings; for defences tacked on
# after a reflection) and reverted them: best of five variants on these blocks, 0.935 (18/15/8) against
# 0.929 (22/16/9), but on sets 111-134 and 143-150 (3,520 pairs nobody chose anything on) 3,313 right
# against 3,314 and the three costly mistakes 46 against 43 (commits 9947dde, 82c7f11).
#
# Stop 29 then folded sets 111-150 in (4,400 more pairs, the same settings; the learning curve was still
# rising), decided before eight new sets, 151-158 (880 pairs, written while it was fitted, never read), were
# scored once on both fits: the fit of 1-110 93.8 % (defences judged accurate 6, off-topic judged defensive 3,
# honest judged defensive 5), the fit of 1-150 94.7 % (3 / 3 / 3). One textbook sentence is read otherwise
# ("You should have been told the surgery was moved, and you felt foolish…": accurate -> partial;
# tests/test_scorer.py LEXICAL_MISREADINGS). Sets 159-166, written after it shipped and scored once on it:
# 93.8 % (2 / 4 / 4; stop 28's judge 93.3 %, 3 / 5 / 4).
#
# Stop 30 (2026-12-05). Settings fitted on 1-150 and scored on 151-166 (the shipped fit's own held-out sets;
# agreement, d->a/m->d/a->d): as shipped 0.943 (5/7/7); sequences in 18 sets 0.944 (6/7/9); 8,000 kept
# 0.943 (5/7/7); L2 1 0.943 (4/7/8), L2 10 0.936 (7/7/7); 800 iterations 0.942 (6/7/7); AnnoMI weight 0.6
# 0.943 (5/7/8): flat, none changed. Raising the cost of the costly mistakes on the same probabilities (4-8
# instead of 3) took agreement down faster than those mistakes: the ones left are confident. What moved was
# data. The reviewers' brief was rewritten (tests/data/reviewer_brief.md; it asks for harder cases) and 24
# reviewers wrote sets only to train on (183-206, scorer_training.TRAINING_ONLY), then 24 more (207-230), then
# 32 more (247-278):
#
# | fitted on (rounds and own set weight)          | 151-166 (old brief) | 167-174 (new)      | 175-182, 231-238 |
# |------------------------------------------------|---------------------|--------------------|------------------|
# | 1-150 (stop 29's shipped fit, 3)               | 0.943 (5/7/7)       | 0.885 (4/8/4)      | 0.892 (5/1/5), - |
# | 1-150 and 183-198 (3)                          | 0.947 (5/7/8)       |                    |                  |
# | 1-150 and 183-206 (3)                          | 0.949 (6/7/8)       |                    |                  |
# | 1-166 (3)                                      |                     | 0.890 (4/9/2)      |                  |
# | 1-166 and 183-206 (3)                          |                     | 0.907 (4/8/1)      | 0.914 (4/0/6), - |
# | 1-166 and 183-206 (6)                          |                     | 0.907 (4/8/1)      | 0.921 (5/2/9) *  |
# | 1-166 and 183-230 (6)                          |                     | 0.911 (4/9/1)      | 0.935 (4/2/7) *  |
# | 1-166, 183-230 and 247-278 (6), shipped        |                     |                    | 0.949 (6/2/3) ** |
#
# (* 175-182 and 231-238 together, 1,760 pairs; ** 239-246 and 279-286 together, 1,760 pairs, where the fit
# without 247-278 had 0.943 (9/3/4).) Each choice was fixed before the sets it was made on were
# scored, each candidate scored once: sets 167-174 chose the fit with 183-206 over 1-166 alone and over stop
# 29's; 175-182 were its first run; the rounds' sentences and the own set went from three to six times because
# that fit read the method's textbook sentences otherwise (91.0 % on 167-182 either way); 175-182 and 231-238
# chose the fit with 183-230; 239-246 were its first run; those and 279-286 chose the fit with 247-278 too
# (the method's short reflection reads partial on it: tests/test_scorer.py LEXICAL_MISREADINGS). Sets of the
# new brief share their writers' stock phrases ("you know I love you"), so part of the gain on them may be the
# writers' style; on sets of the old brief (151-166, never trained on)
# the training sets alone moved 0.943 -> 0.949. Sets 239-246, written after the fit with 183-230 and scored
# once on it: 0.933 (5/3/2; stop 29's judge 0.914, 5/5/2). Sets 287-294, written after the shipped fit and
# scored once on it: 0.945 (2/0/3), six of eight meeting the fresh-set goal (stop 29's judge 0.924, 4/0/2);
# sets 319-326, also written after it: 0.959 (2/3/0), four meeting it. A refit with 24 more training sets
# (295-318, in the repository since stop 31) was measured on 287-294 and 319-326: 0.959 against 0.952, the costly
# mistakes 5/3/2 against 4/3/3, but it misread two textbook defences of tests/test_scorer.py and fell under
# four regression sets' first runs, and was not shipped.
#
# Stop 31 (2026-12-05): three rounds, each rule fixed before its sets were scored, each candidate scored once on
# sixteen sets nobody had read (agreement, d->a/m->d/a->d; a candidate replaces the judge if its agreement is not
# lower and its three costly mistakes are not more):
#
# | decided on                | stop 30's judge (6c7f5da)  | candidate                                          |
# |---------------------------|----------------------------|----------------------------------------------------|
# | 327-342 (1,760)           | 0.933 (2/2/4), 11 meet     | + 295-318 and the old test sets, weights 10:       |
# |                           |                            | 0.940 (3/2/4); + 343-366, 375-398, weights 16:     |
# |                           |                            | 0.941 (3/2/5), failed a textbook test: neither     |
# | 447-462 (1,760)           | 0.952 (4/2/2), 12 meet     | + those, 399-446, 327-342 and round 39's sentences,|
# |                           |                            | weights 24: 0.967 (4/2/3): not shipped             |
# | 471-486 (1,760)           | 0.944 (6/4/7), 9 meet      | the same fit, a defence judged accurate costing 5  |
# |                           |                            | (lexical.DEFENCE_PASSED): 0.952 (4/4/6), shipped   |
#
# More data raised agreement each time and left the costly mistakes where they were (9 against 8 twice); the
# cost of a defence judged accurate, chosen on 3,520 pairs neither fit had trained on (367-374, 447-470; 96.05 %
# (7/5/7) -> 95.91 % (4/5/7)), is what took them down. The rounds' sentences and the own set weigh 24 (6 misread
# two textbook defences after the new data, 16 one of round 39's). Sets 367-374 and 463-470 were first runs of
# stop 30's judge, scored after it was kept (0.951 and 0.939). Sets 487-494, written after the shipped fit was
# chosen and scored once on it: 0.958 (0/0/2), all eight meeting the fresh-set goal (stop 30's judge 0.947,
# 0/0/3, eight); sets 495-510: 0.955 (5/2/7), eleven of sixteen; sets 511-518: 0.959 (1/1/3), six of eight.
# It calls more peer supporters' reflections defensive than stop 30's judge (ESConv's held-out batches: 6.3 %
# against 2.8 %: questions that give back what was said, "So you're being laid off soon?"). A guard that let
# the model call a reply defensive where the judge found none only at P(defensive) 0.8 (chosen on ESConv's
# training batches) took that to 3.5 % on 495-510's rule (0.951, 5/2/6) but misread round 39's textbook defence
# "My knee was bad, you know that" and fell a pair under 22 regression sets: not shipped.
#
# Stop 32 (2026-12-05): one round, its rule fixed before its sets were written or scored. Developed on sets
# 447-518 (7,920 pairs, held out of every fit; agreement, d->a/m->d/a->d): stop 31's judge 0.9564 (13/10/25);
# T, the same data with each long reply's last words read apart as well (lexical.END: the word sequences of
# the last 8 words of a reply of 14 or more, KEEP 4,000 -> 5,000; unlike stop 29's tail words, the words
# themselves) 0.9600 (12/10/14); P, ESConv's training batches A-D added as replies known not to be defensive,
# 0.9545 (14/10/19), under 22 regression sets. T misread round 7's textbook echo that leaves the speaker's own
# upset out (accurate for partial, the expected costs 0.095 apart): NEAR_TIE went 0.05 -> 0.1 (one pair of
# 7,920 moved, to a wrong verdict); refitted with the congratulation rule (scorer._congratulated): 0.9597
# (12/8/15). ESConv A-D (T never trained on them) reflections judged defensive 21 + 15 -> 14 + 11 of 265.
# Decided on sixteen sets written for it and never read (519-534, 1,760 pairs), scored once each, and on
# ESConv's held-out batches E-H: stop 31's judge 0.945 (4/1/4), 12 of 16 meeting the fresh-set goal; the
# refit 0.952 (3/1/0), 12 of 16; E-H true reflections judged defensive (typed + recognised, of 142 each) 10 + 7
# against stop 31's 9 + 9: shipped.
# Final check, eight sets written before the decision and scored once after it (535-542): 0.959 (1/0/5), seven
# of eight meeting the goal (stop 31's judge 0.948, 1/0/5, seven). Sets 543-550, written after it shipped and
# scored once on it (ee46c2e): 0.957 (0/2/2), six of eight (stop 31's judge 0.957, 1/4/3, five). Sets 551-558,
# written after that and scored once on the same judge (b7a5b64): 0.956 (0/2/0), six of eight.
#
# Stop 33 (2026-12-05): one round, its rule fixed before its sets were read or scored. Candidate: rules
# exceptions for kind replies the phrase lists read as acts (scorer._kind_words: praise after "you were
# always", "as usual" on a named day, an offer ending "you could have", the same done to the listener by a
# third party, a rule the listener will look up), refitted on them. Developed on 447-558 (12,320 pairs, held
# out of every fit): stop 32's judge 0.9580 (16/13/22), the candidate 0.9588 (16/6/22), unrefitted the same.
# Decided on 559-574 (1,760 pairs, scored once each): stop 32's judge 0.9562 (2/0/2), 14 of 16 meeting the
# goal; the candidate 0.9568 (2/0/2), 14 of 16; ESConv E-H true reflections judged defensive 9 + 6 against
# 10 + 7: shipped. Final check, 575-582 (written before the decision, scored once after it): 0.969 (0/1/1),
# seven of eight meeting the goal (stop 32's judge 0.970, 0/1/1, seven).
# A second round (eleven), its rule fixed before 583-606 were written: rules for honest replies read as acts
# ("months ago" for "in March" the same occasion, "down to you to remember" no recalling, "not fair on you",
# "I've acted like it never happened", "you helped me out"), alone 0.9595 (17/7/24) on 447-582 against
# 0.9592 (18/7/25), refitted 0.9598 (19/7/24): no fewer costly mistakes, so nothing went forward; with also
# every statement that names a feeling and says "you" taken for a complaint, refitted 0.9600 (18/7/22) but a
# textbook defence misread. 583-606 scored once on this judge: 0.969 (3/3/2), 19 of 24 meeting the goal (the
# refit 0.968, 4/3/2; the rules alone 0.969, 3/3/2).
# Review mend of stop 33's judge: two of its exceptions were too broad ("you know what the traffic is
# like" and "you always overreact to this kind of thing" passed as kind); narrowed, they change six training
# rows, so the model was refitted: on 447-606 (17,600 pairs) 0.9605 (21/10/27) against 0.9607 (21/10/27),
# ESConv E-H reflections judged defensive 9 + 6 either way, every textbook test passing, set 542 a pair under
# its bound.
#
# Stop 34 (2026-12-05): one round (twelve), its rule fixed before 607-630 were read or scored (607-614 written
# at stop 33's end, 615-630 after the rule). Candidate: defences the rules missed and kind replies they read
# as acts: "mind you" / "then again" open a turn as "but" does; "we're even after what you said", "not
# something I can control", "the charge stands"; "might be good for you", "yeah no, fair enough", "that was
# your call" for their "my decision", "you should have heard it from…" no acts; "it's down to you" no
# circumstance. Developed on 447-606 (17,600 pairs, held out of every fit): the shipped judge 0.9605
# (21/10/27). With round eleven's rules and every statement naming a feeling and saying "you" taken for a
# complaint, refitted 0.9619 (16/9/21), without the latter 0.9615 (17/8/24): both read a textbook defence
# partial ("…We needed the space for the new starters": P(defensive) 0.51, under what the cost rule needs),
# so neither went forward. This round's rules alone, refitted: 0.9615 (16/8/24), textbook tests passing,
# four sets a pair under their bounds (502, 550, 582, 586). Decided on 607-622 (1,760 pairs, scored once
# each): the shipped judge 0.9602 (3/5/2), 10 of 16 meeting the goal; the candidate 0.9608 (3/5/2), 10 of 16;
# ESConv E-H true reflections judged defensive 9 + 6 either way: shipped. Final check, 623-630 (written
# before the decision, scored once after it): 0.968 (2/2/1), four of eight meeting the goal (the judge before
# it 0.967, 2/2/1, four).
# A second round (thirteen), its rule fixed before 631-646 were written: "(ah) no, sorry about that" and
# "you know how much our friendship means to me" are no acts. It changes no training row's features (the
# rows of held-out sets 607 and 613 only), so the weights above still reproduce without a refit. On 447-630
# 0.9618 (21/13/27) against 0.9617 (21/15/27); decided on 631-638 (880 pairs, scored once each): the same
# verdict on every pair, 0.958 (4/1/0), six of eight meeting the goal; ESConv E-H 9 + 6 either way: shipped.
#
# Stop 35 (2026-12-05): refits with more data; three went to a decision, each fixed in the log before its sets
# were written; none shipped. F: FOLDED_THROUGH 342 -> 630 (367-374 and 447-630, 21,120 more reviewer pairs:
# 49,009 -> 70,129). On 631-646 (1,760 pairs, kept out of both fits) 0.968 (4/1/0) against the shipped 0.964
# (6/2/0), but it read two of the method's textbook sentences otherwise (round 7's cat echo accurate for
# partial; "I backed out at the last minute, and you felt let down." partial for accurate: P(defensive) 0.27
# on an owning "I"). F2, the rounds' sentences and the own set in proportion to the data (24 -> 34): the same
# two, 0.969 (4/1/0); taken to the decision with them as known misreadings (a relaxation logged before it was
# scored). Decided on 647-662 (scored once each): the shipped judge 0.960 (4/0/0), 12 of 16 meeting the goal;
# F2 0.965 (3/0/1), 13 of 16; but ESConv E-H true reflections judged defensive 10 + 9 against 9 + 6: not
# shipped. ESConv's training batches A-D (never trained on here) showed the same drift, 22 + 16 against 14 +
# 12 of 265: the new reviewer data reads peer supporters' generalising replies ("It's especially risky when
# kids are involved", "don't you think you deserve better?") as defences. AnnoMI's counsellor turns weigh
# against that, and their weight had not grown with the data: F3a (ANNOMI_WEIGHT 0.43) 0.969 (4/1/0), A-D 19 +
# 14; F3b (0.6) 0.969 (4/1/0), A-D 16 + 10. F3b went to the decision on 671-686: the shipped judge 0.960
# (0/2/3), 14 of 16; F3b 0.967 (0/1/3), 15 of 16; ESConv E-H 9 + 7 against 9 + 6: not shipped, by one
# recognised reply. F3b also reads a minimisation the rules find, "Customs delays happen to everyone this time
# of year" after a full reflection (fresh set 1), accurate at P(defensive) 0.18 (the shipped model: partial at
# 0.48): counsellors normalise, and AnnoMI's weight teaches that. Sets 687-694, scored once on the shipped
# judge after the decision: 0.967 (1/0/0); F3b on them, for comparison only, 0.973 (1/0/1). A third, F3c
# (AnnoMI 1.0): 0.969 (4/2/0) on 631-646, A-D 12 + 8, fresh set 1 right; decided on 695-710: the shipped judge
# 0.960 (0/3/0), 13 of 16; F3c 0.963 (1/4/1), 11 of 16, ESConv E-H 7 + 7: more costly mistakes, not shipped.
# Sets 711-718, scored once on the shipped judge after it: 0.975 (1/0/0). So more data buys about half a point
# of agreement on reviewers' sets and nothing on the costly mistakes, and the weight that keeps peer
# supporters' reflections from reading as defences trades against them. On the 72 sets written this stop
# (647-718, 7,920 pairs) the shipped judge's first runs: 0.963 (6/5/4), 61 of 72 meeting the goal.
# The test sets are folded into the fit up to this one; every later set with a first run (first_runs.FIRST_RUN:
# 367-374 and 447 on, so far) was written after the shipped fit and is kept out, so that its weights reproduce
FOLDED_THROUGH = 342
HELD_OUT = tuple(n for n in sorted(FR.FIRST_RUN) if n > FOLDED_THROUGH)


def labelled_rows(held_out: tuple[int, ...] = HELD_OUT) -> list[Row]:
    """Every labelled set's replies but the ``held_out`` fresh sets'."""
    skip = {f"fresh{n}" for n in held_out}
    rows = []
    for name, pairs in LS.labelled_sets().items():
        if name in skip:
            continue
        weight = OWN_WEIGHT if name == "own" else 1.0
        for st, rf, lab, feel in pairs:
            judged, x, check = scorer.judged_before_lexical(st, rf, feel)
            rows.append(Row(name, st, rf, lab, judged, x, weight, check))
    return rows


def round_rows() -> list[Row]:
    """The own sentences of the rules' rounds (tests/test_scorer.py: ROUND…_VERDICTS with their verdict,
    ROUND…_DEFENCES and ROUND23_DEFENSIVE defensive, ROUND…_NOT_DEFENSIVE only "not defensive"), one group:
    textbook cases of the method, written here, that the reviewer sets may not have."""
    sys.path.insert(0, str(T.REPO / "tests"))
    import test_scorer as TS

    rows = []
    for name, items in sorted(vars(TS).items()):
        if not (name.startswith("ROUND") and isinstance(items, list)):
            continue
        for item in items:
            st, rf = item[0], item[1]
            if name.endswith("NOT_DEFENSIVE"):
                label = NOT_DEFENSIVE
            elif name.endswith("_VERDICTS"):
                label = item[2]
            elif name.endswith(("_DEFENCES", "_DEFENSIVE")):
                label = "defensive"
            else:
                continue
            judged, x, check = scorer.judged_before_lexical(st, rf)
            rows.append(Row("rounds", st, rf, label, judged, x, ROUND_WEIGHT, check))
    return rows


def annomi_rows(path: Path = T.DEFAULT_ANNOMI) -> list[Row]:
    rows = []
    for p in T.load_annomi(path):
        for st, rf in (
            (p.statement, p.reflection),
            (T.recogniser_style(p.statement), T.recogniser_style(p.reflection)),
        ):
            judged, x, check = scorer.judged_before_lexical(st, rf)
            rows.append(Row("annomi-" + p.group, st, rf, NOT_DEFENSIVE, judged, x, ANNOMI_WEIGHT, check))
    return rows


@dataclass
class Fitted:
    vocab: list[str]
    mean: np.ndarray
    scale: np.ndarray
    W: np.ndarray  # dense features, then the four verdicts, then vocab, by four
    b: np.ndarray

    def matrix(self, rows: list[Row]) -> np.ndarray:
        return _matrix(rows, self.vocab, self.mean, self.scale)

    def probabilities(self, rows: list[Row]) -> np.ndarray:
        return LS.softmax(self.matrix(rows) @ self.W + self.b)


def _matrix(rows: list[Row], vocab: list[str], mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    nd = len(mean)
    index = {g: i for i, g in enumerate(vocab)}
    M = np.zeros((len(rows), nd + 4 + len(vocab)), dtype=np.float32)
    for k, r in enumerate(rows):
        M[k, :nd] = (np.asarray(r.x, dtype=np.float32) - mean) / scale
        M[k, nd + LABELS.index(r.judged)] = 1.0
        for g in lexical.grams(r.statement, r.reflection, r.leave_out):
            j = index.get(g)
            if j is not None:
                M[k, nd + 4 + j] = 1.0
    return M


def vocabulary(rows: list[Row], min_sets: int = MIN_SETS) -> list[str]:
    groups: dict[str, set[str]] = {}
    for r in rows:
        if r.label != NOT_DEFENSIVE:
            for g in lexical.grams(r.statement, r.reflection, r.leave_out):
                groups.setdefault(g, set()).add(r.group)
    return sorted(g for g, s in groups.items() if len(s) >= min_sets)


def fit(rows: list[Row], l2: float = L2, min_sets: int = MIN_SETS, keep: int = KEEP) -> Fitted:
    """Multinomial logistic regression by full-batch Adam (deterministic), then the vocabulary pruned to
    the ``keep`` sequences whose weights spread most between verdicts."""
    vocab = vocabulary(rows, min_sets)
    X_dense = np.array([r.x for r in rows], dtype=np.float32)
    labelled = np.array([r.label != NOT_DEFENSIVE for r in rows])
    mean = X_dense[labelled].mean(0)
    scale = X_dense[labelled].std(0)
    scale[scale < 1e-9] = 1.0
    X = _matrix(rows, vocab, mean, scale)
    Y = np.zeros((len(rows), 4), dtype=np.float32)
    for k, r in enumerate(rows):
        if r.label != NOT_DEFENSIVE:
            Y[k, LABELS.index(r.label)] = 1.0
    nd_rows = ~labelled
    w = np.array([r.weight for r in rows], dtype=np.float32)
    n = float(w.sum())
    W = np.zeros((X.shape[1], 4), dtype=np.float32)
    b = np.zeros(4, dtype=np.float32)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    d = LABELS.index("defensive")
    for it in range(1, ITERATIONS + 1):
        P = LS.softmax(X @ W + b)
        if nd_rows.any():  # -log P(not defensive): the target is P renormalised without "defensive"
            Q = P[nd_rows].copy()
            Q[:, d] = 0.0
            Y[nd_rows] = Q / Q.sum(1, keepdims=True)
        D = (P - Y) * w[:, None]
        gW = X.T @ D / n + (l2 / n) * W
        gb = D.sum(0) / n
        for g, m, v, p in ((gW, mW, vW, W), (gb, mb, vb, b)):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= LEARNING_RATE * (m / (1 - 0.9**it)) / (np.sqrt(v / (1 - 0.999**it)) + 1e-8)
    nd = len(mean)
    G = W[nd + 4 :]
    order = np.argsort(-(G.max(1) - G.min(1)), kind="stable")[:keep]
    kept = sorted(order.tolist())
    W = np.vstack([W[: nd + 4], G[kept]])
    return Fitted([vocab[i] for i in kept], mean, scale, W, b)


def cost_verdicts(P: np.ndarray, rows: list[Row]) -> list[str]:
    """The verdicts the shipped rule (lexical.decide) gives ``rows`` with their probabilities ``P``."""
    return [
        lexical.decide(p.tolist(), r.judged, heard=not scorer._split_words(r.reflection).typed)
        for p, r in zip(P, rows, strict=True)
    ]


def outcome(rows: list[Row], verdicts: list[str]) -> tuple[float, int, int, int]:
    """(agreement, defensive judged accurate, missed judged defensive, accurate judged defensive)."""
    y = np.array([LABELS.index(r.label) for r in rows], dtype=int)
    p = np.array([LABELS.index(v) for v in verdicts], dtype=int)
    return (float(np.mean(y == p)) if len(y) else 0.0, *LS.confusions(y, p))


def to_json(f: Fitted, training: dict) -> str:
    nd = len(f.mean)
    model = {
        "about": "voicecoach reflection scorer, lexical model; written by scripts/train_scorer.py --lexical "
        "(see voicecoach/coach/lexical.py)",
        "features": list(learned.FEATURES),
        "labels": LABELS,
        "mean": [round(float(x), 6) for x in f.mean],
        "scale": [round(float(x), 6) for x in f.scale],
        "dense": [[round(float(w), 5) for w in row] for row in f.W[:nd]],
        "verdict": [[round(float(w), 5) for w in row] for row in f.W[nd : nd + 4]],
        "bias": [round(float(x), 5) for x in f.b],
        "grams": {
            g: [round(float(w), 4) for w in row] for g, row in zip(f.vocab, f.W[nd + 4 :], strict=True)
        },
        "training": training,
    }
    return json.dumps(model, separators=(",", ":")) + "\n"
