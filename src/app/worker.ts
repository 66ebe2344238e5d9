/** Worker-thread entry of the application layer: serves the pool's jobs of every kind, one at a time. */
import { serveJobs } from '../parallel/serve.js';
import { runAppJob } from './jobs.js';

serveJobs(runAppJob);
