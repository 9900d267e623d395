"""Factories for the directory: matters (with materials), agencies, answer templates."""

from __future__ import annotations

import factory

from firstask.directory.models import Agency, AnswerTemplate, Matter, MatterMaterial
from tests.factories import DepartmentFactory


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matter
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试事项{n}")
    keywords = ""
    category = "business"
    department = factory.SubFactory(DepartmentFactory)
    location = "服务大厅 1 楼 B 区 8 号窗口"
    phone = "0571-87001200"
    time_limit_days = 5

    @factory.post_generation
    def materials(self, create, extracted, **kwargs):
        """materials=["身份证【原件】", "申请书"] in the import file's notation."""
        if not create or not extracted:
            return
        from firstask.directory.tabular.formats import parse_materials

        for position, (name, notes) in enumerate(parse_materials("；".join(extracted)), 1):
            MatterMaterial.objects.create(matter=self, position=position, name=name, notes=notes)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试机构{n}")
    handles = ""
    address = "解放路 1 号"
    phone = "0571-87000001"
    hours = "工作日 9:00-17:00"


class AnswerTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerTemplate

    title = factory.Sequence(lambda n: f"答复模板{n}")
    text = "请携带身份证原件到窗口办理。"
