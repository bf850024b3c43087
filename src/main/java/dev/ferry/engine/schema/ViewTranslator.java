package dev.ferry.engine.schema;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.util.TablesNamesFinder;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

/**
 * Rewrites the query of a SQLite or MySQL view for PostgreSQL with a real SQL parser (JSqlParser):
 * the tables it reads become their target tables (renamed or prefixed as the plan says, in the
 * target schema), their columns the target columns (quoted as created), a column Ferry made boolean
 * compared with 0 or 1 is compared with false or true, {@code ifnull} becomes {@code coalesce},
 * {@code group_concat} is printed as {@code string_agg}, {@code IF(c, a, b)} and {@code iif} as
 * CASE, SQLite's date functions as PostgreSQL's ({@code datetime('now')}, {@code strftime('%Y',
 * col)} → {@code to_char}), names in backticks or brackets as PostgreSQL's, and {@code LIMIT a, b}
 * becomes {@code LIMIT b OFFSET a}. What the parser cannot read is said, with the reason.
 */
final class ViewTranslator {
  /** The PostgreSQL query, or why there is none. */
  record Result(String sql, String problem) {}

  private final MigrationPlan plan;
  private final String source;
  private final Dialect dialect;

  ViewTranslator(MigrationPlan plan, String source, Dialect dialect) {
    this.plan = plan;
    this.source = source;
    this.dialect = dialect;
  }

  Result translate(String query) {
    Statement statement;
    try {
      statement =
          CCJSqlParserUtil.parse(
              query.strip().replaceFirst(";\\s*$", ""), p -> p.withSquareBracketQuotation(true));
    } catch (JSQLParserException e) {
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      return new Result(null, "cannot be parsed: " + firstLine(why));
    }
    if (!(statement instanceof Select)) {
      return new Result(null, "is not a SELECT");
    }
    Map<String, TablePlan> tables = new LinkedHashMap<>();
    new TableCollector(tables).getTables(statement);
    new Rewriter(tables).getTables(statement);
    StringBuilder sql = new StringBuilder();
    PostgresExpressions expressions = new PostgresExpressions(dialect);
    SelectDeParser select = new SelectDeParser(expressions, sql);
    expressions.setSelectVisitor(select);
    expressions.setBuilder(sql);
    statement.accept(new StatementDeParser(expressions, select, sql));
    return new Result(sql.toString(), null);
  }

  /**
   * An expression of {@code table} (a CHECK, an index expression, a partial index's predicate)
   * rewritten as a view's are: its columns as the plan names them, quoted, its functions translated
   * — so a kept or folded case applies to every column reference alike.
   */
  Result expression(String expr, TablePlan table) {
    Statement statement;
    try {
      statement =
          CCJSqlParserUtil.parse(
              "SELECT " + expr + " FROM " + Identifiers.quote(table.name()),
              p -> p.withSquareBracketQuotation(true));
    } catch (JSQLParserException e) {
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      return new Result(null, "cannot be parsed: " + firstLine(why));
    }
    if (!(statement instanceof PlainSelect select) || select.getSelectItems().size() != 1) {
      return new Result(null, "is not one expression");
    }
    Map<String, TablePlan> tables = new LinkedHashMap<>();
    new TableCollector(tables).getTables(statement);
    new Rewriter(tables).getTables(statement);
    StringBuilder sql = new StringBuilder();
    PostgresExpressions expressions = new PostgresExpressions(dialect);
    SelectDeParser deparser = new SelectDeParser(expressions, sql);
    expressions.setSelectVisitor(deparser);
    expressions.setBuilder(sql);
    select.getSelectItems().get(0).getExpression().accept(expressions, null);
    return new Result(sql.toString(), null);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown syntax";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** The source's planned table of this name, if it is migrated. */
  private Optional<TablePlan> planned(String name) {
    return plan.includedTables().stream()
        .filter(tp -> tp.source().equals(source) && tp.name().equalsIgnoreCase(name))
        .findFirst();
  }

  private static String bare(String identifier) {
    if (identifier == null || identifier.length() < 2) {
      return identifier;
    }
    char first = identifier.charAt(0);
    char last = identifier.charAt(identifier.length() - 1);
    if (first == '"' && last == '"' || first == '`' && last == '`' || first == '[' && last == ']') {
      return identifier.substring(1, identifier.length() - 1);
    }
    return identifier;
  }

  /** A name in MySQL's backticks or SQLite's square brackets, which PostgreSQL does not read. */
  private static boolean foreignQuoted(String identifier) {
    return identifier != null
        && identifier.length() >= 2
        && (identifier.startsWith("`") && identifier.endsWith("`")
            || identifier.startsWith("[") && identifier.endsWith("]"));
  }

  /** Such a name as PostgreSQL's, folded like the tables' names. */
  private String targetQuoted(String identifier) {
    return Identifiers.quote(Identifiers.targetName(bare(identifier), plan.settings().keepCase()));
  }

  private static String key(String identifier) {
    return bare(identifier).toLowerCase(Locale.ROOT);
  }

  /** First pass: each table the query reads, under its alias or its own name. */
  private final class TableCollector extends TablesNamesFinder<Void> {
    private final Map<String, TablePlan> tables;

    TableCollector(Map<String, TablePlan> tables) {
      this.tables = tables;
    }

    @Override
    public <S> Void visit(Table table, S context) {
      planned(bare(table.getName()))
          .ifPresent(
              tp -> {
                tables.put(key(table.getName()), tp);
                if (table.getAlias() != null) {
                  tables.put(key(table.getAlias().getName()), tp);
                }
              });
      return super.visit(table, context);
    }
  }

  /** Second pass: tables, columns and comparisons rewritten in place. */
  private final class Rewriter extends TablesNamesFinder<Void> {
    private final Map<String, TablePlan> tables;
    private final Set<Object> done = Collections.newSetFromMap(new IdentityHashMap<>());

    Rewriter(Map<String, TablePlan> tables) {
      this.tables = tables;
    }

    @Override
    public <S> Void visit(Table table, S context) {
      if (done.add(table)) {
        planned(bare(table.getName()))
            .ifPresent(
                tp -> {
                  table.setSchemaName(Identifiers.quote(plan.target().schema()));
                  table.setName(Identifiers.quote(tp.target()));
                });
      }
      return super.visit(table, context);
    }

    @Override
    public <S> Void visit(Column column, S context) {
      if (done.add(column)) {
        Optional<Mapped> mapped = resolve(column);
        if (mapped.isEmpty() && foreignQuoted(column.getColumnName())) {
          // an alias or a name of a subquery, in MySQL's backticks or SQLite's brackets
          column.setColumnName(targetQuoted(column.getColumnName()));
        }
        mapped.ifPresent(
            m -> {
              column.setColumnName(Identifiers.quote(m.column().target()));
              Table qualifier = column.getTable();
              if (qualifier != null
                  && qualifier.getName() != null
                  && m.table().name().equalsIgnoreCase(bare(qualifier.getName()))) {
                // qualified by the table's own name, not an alias: the target name
                column.setTable(new Table(Identifiers.quote(m.table().target())));
              }
            });
      }
      return super.visit(column, context);
    }

    @Override
    public <S> Void visit(EqualsTo expr, S context) {
      booleans(expr);
      return super.visit(expr, context);
    }

    @Override
    public <S> Void visit(NotEqualsTo expr, S context) {
      booleans(expr);
      return super.visit(expr, context);
    }

    @Override
    public <S> Void visit(Function function, S context) {
      String name = function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
      if (name.equals("ifnull")) {
        function.setName("coalesce");
      }
      return super.visit(function, context);
    }

    @Override
    public <S> Void visit(MySQLGroupConcat concat, S context) {
      if (concat.getExpressionList() != null) {
        for (Object e : concat.getExpressionList()) {
          ((Expression) e).accept(this, context);
        }
      }
      if (concat.getOrderByElements() != null) {
        for (OrderByElement o : concat.getOrderByElements()) {
          o.getExpression().accept(this, context);
        }
      }
      return super.visit(concat, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
      for (SelectItem<?> item : select.getSelectItems()) {
        Alias alias = item.getAlias();
        if (alias != null && foreignQuoted(alias.getName())) {
          alias.setName(targetQuoted(alias.getName()));
        }
      }
      // the finder looks for tables, not into GROUP BY and ORDER BY: their columns are renamed too
      if (select.getGroupBy() != null && select.getGroupBy().getGroupByExpressionList() != null) {
        for (Object e : select.getGroupBy().getGroupByExpressionList()) {
          ((Expression) e).accept(this, context);
        }
      }
      if (select.getOrderByElements() != null) {
        for (OrderByElement o : select.getOrderByElements()) {
          o.getExpression().accept(this, context);
        }
      }
      // MySQL's and SQLite's LIMIT offset, count
      Limit limit = select.getLimit();
      if (limit != null && limit.getOffset() != null && select.getOffset() == null) {
        Offset offset = new Offset();
        offset.setOffset(limit.getOffset());
        limit.setOffset(null);
        select.setOffset(offset);
      }
      return super.visit(select, context);
    }

    /** {@code flag = 1} on a column Ferry made boolean becomes {@code flag = true}. */
    private void booleans(BinaryExpression expr) {
      if (isBoolean(expr.getLeftExpression()) && bit(expr.getRightExpression()) != null) {
        expr.setRightExpression(new BooleanValue(bit(expr.getRightExpression())));
      } else if (isBoolean(expr.getRightExpression()) && bit(expr.getLeftExpression()) != null) {
        expr.setLeftExpression(new BooleanValue(bit(expr.getLeftExpression())));
      }
    }

    private boolean isBoolean(Expression e) {
      return e instanceof Column c
          && !done.contains(c)
          && resolve(c)
              .map(m -> m.column().transform())
              .filter(t -> t == Transform.BOOLEAN || t == Transform.BIT_BOOLEAN)
              .isPresent();
    }

    private static Boolean bit(Expression e) {
      if (e instanceof LongValue v && (v.getValue() == 0 || v.getValue() == 1)) {
        return v.getValue() == 1;
      }
      return null;
    }

    /** The planned column a reference means: by its qualifier, else the one table that has it. */
    private Optional<Mapped> resolve(Column column) {
      String name = bare(column.getColumnName());
      Table qualifier = column.getTable();
      List<TablePlan> candidates = new ArrayList<>();
      if (qualifier != null && qualifier.getName() != null) {
        TablePlan tp = tables.get(key(qualifier.getName()));
        if (tp != null) {
          candidates.add(tp);
        }
      } else {
        for (TablePlan tp : new LinkedHashSet<>(tables.values())) {
          if (column(tp, name).isPresent()) {
            candidates.add(tp);
          }
        }
      }
      if (candidates.size() != 1) {
        return Optional.empty();
      }
      TablePlan tp = candidates.get(0);
      return column(tp, name).map(cp -> new Mapped(tp, cp));
    }

    private static Optional<ColumnPlan> column(TablePlan tp, String name) {
      return tp.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }
  }

  private record Mapped(TablePlan table, ColumnPlan column) {}

  /**
   * Prints what PostgreSQL spells differently: group_concat as string_agg, {@code IF(c, a, b)} and
   * SQLite's {@code iif} as CASE, and the functions the source's dialect translates (SQLite's date
   * functions).
   */
  private static final class PostgresExpressions extends ExpressionDeParser {
    private final Dialect dialect;

    PostgresExpressions(Dialect dialect) {
      this.dialect = dialect;
    }

    @Override
    public <S> StringBuilder visit(Function function, S context) {
      String name = function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
      List<?> params = function.getParameters() == null ? List.of() : function.getParameters();
      if (function.getNamedParameters() != null
          || function.getAttribute() != null
          || function.getKeep() != null) {
        return super.visit(function, context);
      }
      List<String> args = new ArrayList<>();
      for (Object p : params) {
        args.add(printed((Expression) p, context));
      }
      if ((name.equals("if") || name.equals("iif")) && args.size() == 3) {
        return getBuilder()
            .append("CASE WHEN ")
            .append(args.get(0))
            .append(" THEN ")
            .append(args.get(1))
            .append(" ELSE ")
            .append(args.get(2))
            .append(" END");
      }
      Optional<String> translated = dialect.viewFunction(name, args);
      if (translated.isPresent()) {
        return getBuilder().append(translated.get());
      }
      return super.visit(function, context);
    }

    /** An expression as this deparser prints it, apart from the statement being printed. */
    private <S> String printed(Expression e, S context) {
      StringBuilder outer = getBuilder();
      StringBuilder inner = new StringBuilder();
      setBuilder(inner);
      try {
        e.accept(this, context);
      } finally {
        setBuilder(outer);
      }
      return inner.toString();
    }

    @Override
    public <S> StringBuilder visit(MySQLGroupConcat g, S context) {
      List<?> args = g.getExpressionList();
      boolean simple =
          args != null
              && (args.size() == 1 || args.size() == 2 && g.getSeparator() == null)
              && (g.getOrderByElements() == null || g.getOrderByElements().isEmpty());
      if (!simple) {
        return super.visit(g, context); // as written: PostgreSQL says why if it refuses it
      }
      StringBuilder b = getBuilder();
      b.append("string_agg(").append(g.isDistinct() ? "DISTINCT " : "").append("CAST(");
      ((Expression) args.get(0)).accept(this, context);
      b.append(" AS text), ");
      if (args.size() == 2) {
        ((Expression) args.get(1)).accept(this, context);
      } else {
        b.append(g.getSeparator() != null ? g.getSeparator() : "','");
      }
      return b.append(')');
    }
  }
}
