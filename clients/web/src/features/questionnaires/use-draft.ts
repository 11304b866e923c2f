import { useMutation } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type AnswerInput,
  QuestionnaireSaveDraftDocument,
  type QuestionnaireResponseFieldsFragment,
  QuestionnaireSubmitDocument,
} from '../../__generated__/graphql';
import { type FieldProblem, fieldProblems } from '../profile-edit/field-errors';
import { type AnswerValue, type Definition, encodeAnswer, questionsOf } from './answers';

/** Which response: a campaign's, or the cluster's standing response to a questionnaire version. */
export interface ResponseTarget {
  clusterId: string;
  campaignId: string | null;
  questionnaireId: string | null;
}

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'failed'; reason: string };

/** How long after the last change a draft is saved. */
export const AUTOSAVE_DELAY_MS = 800;

const answerField = /^answers\.(.+)$/;

/** Server problems split into those of one question (`answers.<id>`) and the rest. */
function splitProblems(problems: FieldProblem[]) {
  const byQuestion = new Map<string, string>();
  const general: FieldProblem[] = [];
  for (const p of problems) {
    const id = answerField.exec(p.field)?.[1];
    if (id && !byQuestion.has(id)) byQuestion.set(id, p.reason);
    else if (!id) general.push(p);
  }
  return { byQuestion, general };
}

/**
 * A response being answered: the answers in the form, saved as the respondent goes (saveResponseDraft a moment
 * after the last change, one save at a time, only what changed since the last save; flushed when the page is
 * hidden or left), and submitted with every answer of the form. The server's problems come back per question;
 * an answer the server refuses is left out of the next autosave (so the others still save) until it changes.
 */
export function useDraft(
  definition: Definition,
  target: ResponseTarget,
  initial: { answers: Map<string, AnswerValue>; response: QuestionnaireResponseFieldsFragment | null },
) {
  const [answers, setAnswers] = useState(initial.answers);
  const [response, setResponse] = useState(initial.response);
  const [save] = useMutation(QuestionnaireSaveDraftDocument);
  const [submitMutation, submitting] = useMutation(QuestionnaireSubmitDocument);
  const [state, setState] = useState<SaveState>(
    initial.response ? { kind: 'saved', at: initial.response.updatedAt } : { kind: 'idle' },
  );
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [general, setGeneral] = useState<FieldProblem[]>([]);

  const questions = useRef(questionsOf(definition)).current;
  const current = useRef(answers);
  /** Question id → edit count when it last changed; saved ones are dropped when their count is unchanged. */
  const pending = useRef(new Map<string, number>());
  const edits = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const inputOf = useCallback(
    (ids: Iterable<string>): AnswerInput[] =>
      [...ids].flatMap((questionId) => {
        const question = questions.get(questionId);
        return question
          ? [{ questionId, value: encodeAnswer(question, current.current.get(questionId)) }]
          : [];
      }),
    [questions],
  );

  const saveOnce = useCallback(async (): Promise<void> => {
    const batch = new Map(pending.current);
    if (batch.size === 0) return;
    setState({ kind: 'saving' });
    let ids = [...batch.keys()];
    for (let attempt = 0; attempt < 2 && ids.length; attempt += 1) {
      try {
        const r = await save({ variables: { input: { ...target, answers: inputOf(ids) } } });
        const saved = r.data?.saveResponseDraft;
        if (!saved) return;
        for (const [id, edit] of batch) if (pending.current.get(id) === edit) pending.current.delete(id);
        setResponse(saved);
        setState({ kind: 'saved', at: saved.updatedAt });
        return;
      } catch (error) {
        const split = splitProblems(fieldProblems(error));
        if (split.byQuestion.size === 0 || split.general.length) {
          setState({ kind: 'failed', reason: (split.general[0] ?? fieldProblems(error)[0])?.reason ?? '' });
          return;
        }
        setProblems((before) => new Map([...before, ...split.byQuestion]));
        // The refused answers wait for their next change; the rest are saved at once.
        for (const id of split.byQuestion.keys()) {
          if (pending.current.get(id) === batch.get(id)) pending.current.delete(id);
        }
        ids = ids.filter((id) => !split.byQuestion.has(id));
        if (ids.length === 0) setState({ kind: 'failed', reason: [...split.byQuestion.values()][0] ?? '' });
      }
    }
  }, [save, target, inputOf]);

  const flush = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    while (inFlight.current) await inFlight.current;
    if (pending.current.size === 0) return;
    const run = saveOnce().finally(() => {
      inFlight.current = null;
    });
    inFlight.current = run;
    await run;
    // Changes made while that save was on its way go in the next one.
    if (pending.current.size) timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  }, [saveOnce]);

  const setAnswer = useCallback(
    (questionId: string, value: AnswerValue | undefined) => {
      const question = questions.get(questionId);
      const next = new Map(current.current);
      if (value === undefined || (question && encodeAnswer(question, value) === null))
        next.delete(questionId);
      else next.set(questionId, value);
      current.current = next;
      setAnswers(next);
      edits.current += 1;
      pending.current.set(questionId, edits.current);
      setProblems((before) => {
        if (!before.has(questionId)) return before;
        const after = new Map(before);
        after.delete(questionId);
        return after;
      });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    },
    [questions, flush],
  );

  // Nothing typed is lost when the reader leaves: the page being hidden or the form unmounting saves at once.
  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', hidden);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', hidden);
      void flush();
    };
  }, [flush]);

  /** Submits every answer of the form: null when it is submitted, else the ids of the questions at fault. */
  const submit = useCallback(async (): Promise<string[] | null> => {
    clearTimeout(timer.current);
    while (inFlight.current) await inFlight.current;
    setGeneral([]);
    try {
      const r = await submitMutation({ variables: { ...target, answers: inputOf(questions.keys()) } });
      const submitted = r.data?.submitResponse;
      if (submitted) {
        pending.current.clear();
        setResponse(submitted);
        setProblems(new Map());
        setState({ kind: 'saved', at: submitted.updatedAt });
      }
      return null;
    } catch (error) {
      const split = splitProblems(fieldProblems(error));
      setProblems(split.byQuestion);
      setGeneral(split.general);
      return [...split.byQuestion.keys()];
    }
  }, [submitMutation, target, inputOf, questions]);

  return { answers, setAnswer, response, state, problems, general, submit, submitting: submitting.loading };
}
