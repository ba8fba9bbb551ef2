//! The one way a form runs an edit: validated input goes to a Leptos [`Action`], whose refusal is
//! shown in the form's error line and whose success clears the form. Sharing it keeps every form
//! saying errors the same way, and `pending()` is there for a button that must not be pressed twice.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use super::order::ctx::Failure;

/// What an action runs, as a trait object.
type Run<I> = Rc<dyn Fn(I) -> Pin<Box<dyn Future<Output = ()>>>>;

/// One dispatched edit: the run with its input, ready to start.
type Job = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>;

/// A form's edit action. Every form's Leptos action is the same `Action<Job, ()>`, so its
/// machinery (dispatch, pending, the arena) is compiled once, not once per input type: ~70
/// forms had ~40 copies of it.
pub(crate) struct Submit<I: 'static> {
    action: Action<Job, ()>,
    run: StoredValue<Run<I>, LocalStorage>,
}

impl<I: 'static> Clone for Submit<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Submit<I> {}

impl<I: Clone + 'static> Submit<I> {
    /// Runs the edit with `input`.
    pub fn dispatch(&self, input: I) {
        let run = self.run.get_value();
        let job: Job = Rc::new(move || run(input.clone()));
        self.action.dispatch_local(job);
    }

    /// Whether an edit is running.
    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }
}

/// An action for an edit from a form. `run` does the edit with the checked input; on success the
/// error line clears and `done` runs (to empty the fields), on refusal the error line says why.
pub(crate) fn submit_action<I, R, Fu>(
    error: RwSignal<Option<String>>,
    run: impl Fn(I) -> Fu + 'static,
    done: impl Fn(R) + 'static,
) -> Submit<I>
where
    I: Clone + 'static,
    R: 'static,
    Fu: Future<Output = Result<R, Failure>> + 'static,
{
    let done: Rc<dyn Fn(R)> = Rc::new(done);
    let run: Run<I> = Rc::new(move |input: I| settle(Box::pin(run(input)), error, done.clone()));
    Submit {
        action: Action::new_local(|job: &Job| job()),
        run: StoredValue::new_local(run),
    }
}

/// Awaits an edit and says how it went. Boxed, so its state machine is compiled once per result
/// type, not once per form.
fn settle<R: 'static>(
    edit: Pin<Box<dyn Future<Output = Result<R, Failure>>>>,
    error: RwSignal<Option<String>>,
    done: Rc<dyn Fn(R)>,
) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(async move {
        match edit.await {
            Ok(out) => {
                error.set(None);
                done(out);
            }
            Err(f) => error.set(Some(f.text)),
        }
    })
}

/// An edit whose success needs nothing more than the error line cleared.
pub(crate) fn edit_action<I, R, Fu>(
    error: RwSignal<Option<String>>,
    run: impl Fn(I) -> Fu + 'static,
) -> Submit<I>
where
    I: Clone + 'static,
    R: 'static,
    Fu: Future<Output = Result<R, Failure>> + 'static,
{
    submit_action(error, run, |_| {})
}
