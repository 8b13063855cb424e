export { budgetWarnings, checkBudgets, formatBudgetReport, formatBytes } from "./size-budgets.js";
export type { ArtifactBudget, BudgetFinding, BudgetInput, BudgetItem, BudgetItemKind, BudgetReport } from "./size-budgets.js";
