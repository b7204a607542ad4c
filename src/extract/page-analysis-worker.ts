import { parentPort } from 'node:worker_threads';
import { analysePage, type PageAnalysisRequest } from './page-analysis.js';

// Worker side of PageAnalysisPool: parse pages off the main thread, which keeps the network busy.
parentPort?.on('message', (message: { id: number; request: PageAnalysisRequest }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: analysePage(message.request) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
