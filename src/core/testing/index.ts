export * from './types';
export { parseRunbookTest, knownGuardrailIds, VERDICT_STATUSES } from './parse';
export { runRunbookTest, runRunbookTestText, type RunbookTestPort } from './run';
export { resolveFrom } from './paths';
export { caseMessageLines, fileReportLines, printable, problemLine, summarize, type RunSummary } from './format';
export { junitXml } from './junit';
export { appendCaseText, caseFromDecision, caseNames, historyUpTo, newTestFileText, stateListOf, uniqueCaseName, TestFileEditError, type WrittenCase } from './fromDecision';
