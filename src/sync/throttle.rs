//! At most one progress report per interval, for the relay client and the nearby link alike.
//! Counting progress walks every document, and a fresh device gets thousands of frames: a
//! report per frame made catching up quadratic (5 of the 11 s it once took for 1,000 orders).
//! The first report goes at once, later ones wait for the interval; the last always comes.

/// When a report may go: the time of the last, and whether one is already scheduled.
pub(crate) struct Throttle {
    every_ms: f64,
    last_ms: Option<f64>,
    due: bool,
}

/// What to do with a report asked for now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Report {
    /// Report now (then call [`Throttle::reported`]).
    Now,
    /// Schedule a report after this many milliseconds (it calls [`Throttle::reported`]).
    After(u64),
    /// One is scheduled already; it will include this.
    Scheduled,
}

impl Throttle {
    pub(crate) fn new(every_ms: f64) -> Throttle {
        Throttle {
            every_ms,
            last_ms: None,
            due: false,
        }
    }

    /// A report is wanted at `now_ms`.
    pub(crate) fn ask(&mut self, now_ms: f64) -> Report {
        if self.due {
            return Report::Scheduled;
        }
        let wait = self
            .last_ms
            .map_or(0.0, |last| last + self.every_ms - now_ms);
        if wait <= 0.0 {
            return Report::Now;
        }
        self.due = true;
        Report::After(wait.ceil() as u64)
    }

    /// A report went at `now_ms` (now or scheduled).
    pub(crate) fn reported(&mut self, now_ms: f64) {
        self.due = false;
        self.last_ms = Some(now_ms);
    }
}

/// Acts on what [`Throttle::ask`] said: `report(&target)` now, from a timer, or not at all.
pub(crate) fn report_as<T: 'static>(asked: Report, target: T, report: fn(&T)) {
    match asked {
        Report::Now => report(&target),
        Report::After(ms) => leptos::prelude::set_timeout(
            move || report(&target),
            std::time::Duration::from_millis(ms),
        ),
        Report::Scheduled => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn the_first_report_goes_at_once_and_a_burst_gets_one_more_at_the_end_of_the_interval() {
        let mut t = Throttle::new(100.0);
        assert_eq!(t.ask(1_000.0), Report::Now);
        t.reported(1_000.0);
        // A burst within the interval: one report scheduled for its end, the rest ride on it.
        assert_eq!(t.ask(1_030.0), Report::After(70));
        assert_eq!(t.ask(1_031.0), Report::Scheduled);
        assert_eq!(t.ask(1_099.0), Report::Scheduled);
        t.reported(1_100.0);
        // Quiet for longer than the interval: the next report goes at once again.
        assert_eq!(t.ask(1_250.0), Report::Now);
        t.reported(1_250.0);
        assert_eq!(t.ask(1_250.5), Report::After(100));
    }
}
