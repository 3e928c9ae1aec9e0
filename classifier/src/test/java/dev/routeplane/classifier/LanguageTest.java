package dev.routeplane.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {

    private static final Classifier CLASSIFIER = new RuleBasedClassifier();

    private static Features classify(String prompt) {
        return CLASSIFIER.classify(ClassifierInput.of(Message.user(prompt)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "en | Could you please tell me what the weather will be like in the mountains this weekend? I want to go hiking with my friends.",
                "de | Kannst du mir bitte sagen, wie das Wetter am Wochenende in den Bergen wird? Ich will mit meinen Freunden wandern.",
                "fr | Est-ce que vous pouvez me dire quel temps il fera dans les montagnes ce week-end? Je veux faire une randonnée avec mes amis.",
                "es | ¿Puedes decirme qué tiempo hará en las montañas este fin de semana? Quiero ir de excursión con mis amigos y con el perro.",
                "ja | 今週末の山の天気を教えてください。友達とハイキングに行きたいです。",
                "zh | 请告诉我这个周末山区的天气怎么样。我想和朋友们一起去远足。",
                "ru | Скажите, пожалуйста, какая погода будет в горах в эти выходные? Я хочу пойти в поход с друзьями.",
                "ar | هل يمكنك أن تخبرني كيف سيكون الطقس في الجبال في عطلة نهاية الأسبوع؟ أريد الذهاب للتنزه مع أصدقائي",
            })
    void detectsTheLanguageOfAMonolingualPrompt(String expected, String prompt) {
        Features features = classify(prompt);

        assertThat(features.languages()).containsExactly(expected);
        assertThat(features.multilingual()).isFalse();
    }

    @Test
    void mixedEnglishAndGermanIsMultilingual() {
        Features features = classify(
                "Please answer the customer below in a friendly way and keep it short, they are upset about the delay. "
                        + "Der Kunde schreibt: Ich habe die Rechnung noch nicht bekommen und das ist schon die dritte Mahnung, "
                        + "bitte helfen Sie mir, wenn es geht, noch heute.");

        assertThat(features.languages()).containsExactlyInAnyOrder("en", "de");
        assertThat(features.multilingual()).isTrue();
        assertThat(features.trace()).anyMatch(l -> l.startsWith("multilingual=true: 2 languages with share >= 0.2"));
    }

    @Test
    void translationBetweenTwoLanguagesIsMultilingual() {
        Features features = classify("Translate the following text into German: the meeting is moved to Friday and "
                + "we will send the agenda tomorrow.");

        assertThat(features.taskType()).isEqualTo(TaskType.TRANSLATION);
        assertThat(features.languages()).containsExactly("en", "de");
        assertThat(features.multilingual()).isTrue();
        assertThat(features.trace()).contains("multilingual=true: translation en -> de");
    }

    @Test
    void languagesAreOrderedByShare() {
        Features features =
                classify("これは日本語の文章です。とても長い説明がここに続きます。" + "A short English note is added at the end of it.");

        assertThat(features.languages()).startsWith("ja");
    }

    @Test
    void codeWithoutProseHasNoLanguage() {
        Features features = classify("int x = foo(bar, baz);\nreturn qux;");

        assertThat(features.languages()).isEmpty();
        assertThat(features.trace()).anyMatch(l -> l.startsWith("languages=none"));
    }

    @Test
    void seesASecondLanguageLateInAPromptLongerThanTheSample() {
        String english = "This is the report that we wrote for the team and it is about the plan. ".repeat(150);
        String german =
                "Das ist der Bericht, den wir für das Team geschrieben haben, und er ist nicht fertig. ".repeat(150);

        Features features = classify(english + german);

        assertThat(features.languages()).containsExactlyInAnyOrder("en", "de");
        assertThat(features.multilingual()).isTrue();
    }
}
