# Sourced by ./run-tests and .ci/run: makes sure PostgreSQL and MariaDB answer on 127.0.0.1.
wait_for() {
  local what="$1" check="$2" i
  for i in $(seq 1 60); do
    if eval "$check" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "$what did not come up on 127.0.0.1" >&2
  return 1
}
pg_up='pg_isready -q -h 127.0.0.1 -p 5432'
if ! eval "$pg_up" >/dev/null 2>&1; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "· starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
  fi
  wait_for PostgreSQL "$pg_up"
fi
my_up='mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping'
command -v mariadb-admin >/dev/null 2>&1 || my_up='mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping'
if ! eval "$my_up" >/dev/null 2>&1; then
  if [ -x /usr/sbin/mariadbd ]; then
    echo "· starting MariaDB" >&2
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  fi
  wait_for MariaDB "$my_up"
fi
