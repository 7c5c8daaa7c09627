import { runAccessMatrix } from './access-matrix.case.js';

runAccessMatrix('duckdb');
