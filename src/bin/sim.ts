#!/usr/bin/env node
import { launch } from '../cli/launch.js';

process.exitCode = await launch(process.argv.slice(2));
