import { runAgencyView } from './agency.case.js';

runAgencyView('duckdb');
